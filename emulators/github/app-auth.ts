import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { errors, jwtVerify } from "jose";
import { ApiError } from "./http-io.js";

export const INSTALLATION_ID = 1;
const TOKEN_TTL_SECONDS = 3600;
/** GitHub rejects app JWTs that live longer than ten minutes (plus a little clock drift). */
const MAX_JWT_LIFETIME_SECONDS = 600 + 60;

/** Loads the App key from the state dir, or creates one the way GitHub hands them out (PKCS#1 PEM). */
export async function loadOrCreateAppKey(stateDir: string, provided?: string): Promise<string> {
  if (provided) return provided;
  const file = path.join(stateDir, "app-private-key.pem");
  try {
    return await readFile(file, "utf8");
  } catch {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    await writeFile(file, privateKey, { mode: 0o600 });
    return privateKey;
  }
}

export interface UserToken {
  token: string;
  login: string;
  expiresAt: Date;
}

/** GitHub App user tokens last eight hours. */
const USER_TOKEN_TTL_SECONDS = 8 * 3600;

export interface InstallationToken {
  token: string;
  installationId: number;
  expiresAt: Date;
}

/**
 * Verifies App JWTs and issues installation tokens. Tokens are opaque to clients but
 * HMAC-signed here, so tokens handed out before an emulator restart stay valid, as they
 * would on GitHub, without writing secrets to the state file.
 */
export class AppAuthority {
  private readonly publicKey: KeyObject;
  private readonly tokenKey: Buffer;
  private readonly revoked = new Set<string>();

  constructor(
    readonly appId: number,
    privateKeyPem: string,
  ) {
    this.publicKey = createPublicKey(privateKeyPem);
    this.tokenKey = createHmac("sha256", "installation-tokens").update(privateKeyPem).digest();
  }

  async verifyAppJwt(authorization: string | undefined): Promise<void> {
    const jwt = /^bearer\s+(.+)$/i.exec(authorization ?? "")?.[1];
    if (!jwt) throw new ApiError(401, "A JSON web token could not be decoded");
    let payload: { iss?: unknown; iat?: unknown; exp?: unknown };
    try {
      ({ payload } = await jwtVerify(jwt, this.publicKey, { algorithms: ["RS256"] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new ApiError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
      }
      throw new ApiError(401, "A JSON web token could not be decoded");
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== "number" || payload.iat > now + 60) {
      throw new ApiError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
    }
    if (typeof payload.exp !== "number" || payload.exp > now + MAX_JWT_LIFETIME_SECONDS) {
      throw new ApiError(401, "'Expiration time' claim ('exp') is too far in the future");
    }
    if (String(payload.iss) !== String(this.appId)) throw new ApiError(401, "Integration not found");
  }

  issueInstallationToken(installationId: number): InstallationToken {
    const expires = Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS;
    const body = `${installationId}.${expires.toString(36)}.${randomBytes(9).toString("base64url")}`;
    const token = `ghs_${Buffer.from(body).toString("base64url")}${this.sign(body)}`;
    return { token, installationId, expiresAt: new Date(expires * 1000) };
  }

  /** Accepts `token X` and `Bearer X`; throws GitHub's 401 "Bad credentials" otherwise. */
  verifyInstallationToken(authorization: string | undefined): InstallationToken {
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw new ApiError(401, "Requires authentication");
    // Layout: ghs_<base64url body><32-char signature>
    const match = /^ghs_([A-Za-z0-9_-]+)([A-Za-z0-9_-]{32})$/.exec(token);
    const body = match ? Buffer.from(match[1] ?? "", "base64url").toString("utf8") : "";
    const signature = Buffer.from(match?.[2] ?? "");
    const expected = Buffer.from(this.sign(body));
    if (!match || signature.length !== expected.length || !timingSafeEqual(signature, expected) || this.revoked.has(token)) {
      throw new ApiError(401, "Bad credentials");
    }
    const [installation = "0", expires = "0"] = body.split(".");
    const expiresAt = new Date(parseInt(expires, 36) * 1000);
    // User tokens share the signing key; only an installation body names a numeric installation.
    if (!/^\d+$/.test(installation) || expiresAt.getTime() <= Date.now()) throw new ApiError(401, "Bad credentials");
    return { token, installationId: Number(installation), expiresAt };
  }

  /**
   * A user-to-server token (`gho_…`), as GitHub's OAuth flow would hand the portal at sign-in.
   * The emulator has no OAuth pages; tests get one from `POST /__emulator/users/{login}/token`.
   */
  issueUserToken(login: string): UserToken {
    const expires = Math.floor(Date.now() / 1000) + USER_TOKEN_TTL_SECONDS;
    const body = `u.${expires.toString(36)}.${randomBytes(6).toString("base64url")}.${login}`;
    return { token: `gho_${Buffer.from(body).toString("base64url")}${this.sign(body)}`, login, expiresAt: new Date(expires * 1000) };
  }

  /** Accepts `token X` and `Bearer X` for a user token; 401 "Bad credentials" otherwise. */
  verifyUserToken(authorization: string | undefined): UserToken {
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? "")?.[1];
    if (!token) throw new ApiError(401, "Requires authentication");
    const match = /^gho_([A-Za-z0-9_-]+)([A-Za-z0-9_-]{32})$/.exec(token);
    const body = match ? Buffer.from(match[1] ?? "", "base64url").toString("utf8") : "";
    const signature = Buffer.from(match?.[2] ?? "");
    const expected = Buffer.from(this.sign(body));
    if (!match || signature.length !== expected.length || !timingSafeEqual(signature, expected) || this.revoked.has(token)) {
      throw new ApiError(401, "Bad credentials");
    }
    const [kind, expires = "0", , ...rest] = body.split(".");
    const expiresAt = new Date(parseInt(expires, 36) * 1000);
    if (kind !== "u" || expiresAt.getTime() <= Date.now()) throw new ApiError(401, "Bad credentials");
    return { token, login: rest.join("."), expiresAt };
  }

  revoke(token: string): void {
    this.revoked.add(token);
  }

  private sign(body: string): string {
    return createHmac("sha256", this.tokenKey).update(body).digest("base64url").slice(0, 32);
  }
}
