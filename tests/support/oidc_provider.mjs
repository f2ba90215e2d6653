// A real OpenID Connect provider for the tests (the certified npm package `oidc-provider`),
// standing in for ProConnect on loopback. Started by tests/support/oidc.py (pytest fixture
// `oidc_provider`); configured by environment variables:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated),
//   OIDC_POST_LOGOUT_REDIRECT_URIS (comma-separated), OIDC_ACCOUNT (JSON claims with `sub`).
// Prints "ready <issuer>" on stdout once it listens. Its interaction pages are the package's
// development ones (any login and password; then a consent screen).
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const account = JSON.parse(process.env.OIDC_ACCOUNT);
const list = (name) => (process.env[name] || "").split(",").filter(Boolean);

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-rs256", alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: list("OIDC_REDIRECT_URIS"),
      post_logout_redirect_uris: list("OIDC_POST_LOGOUT_REDIRECT_URIS"),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
      // ProConnect answers the userinfo as a signed JWT (application/jwt): so does this one.
      userinfo_signed_response_alg: "RS256",
    },
  ],
  jwks: { keys: [jwk] },
  // ProConnect's scopes: one per claim.
  scopes: ["openid", "email", "given_name", "usual_name", "siret"],
  claims: {
    openid: ["sub"],
    email: ["email"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    siret: ["siret"],
  },
  // Every client must send a PKCE challenge (S256): proves the portal does.
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    jwtUserinfo: { enabled: true },
  },
  cookies: { keys: ["test-cookie-key-not-secret"] },
  // Claims in the userinfo only (as ProConnect), the ID token carrying sub and nonce.
  conformIdTokenClaims: true,
  // The development login page makes its `login` field the account id (the subject): the
  // tests type the account's `sub` there; whoever it is gets the account's other claims.
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { ...account, sub };
      },
    };
  },
});
provider.proxy = false;
provider.on("server_error", (ctx, error) => process.stderr.write(`server_error: ${error.stack}\n`));

const server = provider.listen(port, "127.0.0.1", () => {
  process.stdout.write(`ready ${issuer}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
