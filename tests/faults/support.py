"""What the fault tests do through the proxy."""


def subscribe(stack, n, *, network="127.0.9"):
    """One alert subscription from client `network`.n, through nginx; its HTTP status."""
    visitor = stack.proxy(f"{network}.{n}")
    form = {"email": f"alerte-{n}@example.fr", "scope": "resources", "query": f"q=mot{n}"}
    return visitor.send("POST", "/alertes/", fields=form).status
