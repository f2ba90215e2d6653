# Models of this part of the resource centre; imported by resources/models.py.
