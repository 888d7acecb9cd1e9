import { parseArgs } from "node:util";
import type jwt from "jsonwebtoken";
import { loadConfig } from "../platform/config";
import { ROLES, signToken, type Role, type TokenClaims } from "../platform/auth/viewer";
import { isProvinceCode } from "../platform/province";
import { normaliseUscc } from "../platform/validation/uscc";

const USAGE = `npm run token -- --role <${ROLES.join("|")}> [--province SH|JS|ZJ|AH] [--uscc USCC] [--institution ID] [--sub SUBJECT] [--expires 12h]`;

/** Claims from the command line, with the claim each role needs checked before signing. */
export function claimsFromArgs(argv: string[]): { claims: TokenClaims; expires: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: "string" },
      province: { type: "string" },
      uscc: { type: "string" },
      institution: { type: "string" },
      sub: { type: "string" },
      expires: { type: "string", default: "12h" },
    },
    strict: true,
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(", ")}\n${USAGE}`);
  const claims: TokenClaims = { sub: values.sub ?? `${role}-cli`, role };
  if (role === "regulator") {
    if (!isProvinceCode(values.province)) throw new Error(`a regulator needs --province SH|JS|ZJ|AH\n${USAGE}`);
    claims.province = values.province;
  }
  if (role === "enterprise") {
    if (!values.uscc) throw new Error(`an enterprise needs --uscc\n${USAGE}`);
    // The form the platform stores and compares: a full-width code is the same enterprise.
    claims.uscc = normaliseUscc(values.uscc);
  }
  if (role === "issuer") {
    if (!values.institution) throw new Error(`an issuer needs --institution\n${USAGE}`);
    claims.institutionId = values.institution;
  }
  return { claims, expires: values.expires! };
}

/** `npm run token -- --role regulator --province SH`: a token signed with the server's AUTH_JWT_SECRET. */
function main(): void {
  try {
    const { claims, expires } = claimsFromArgs(process.argv.slice(2));
    process.stdout.write(`${signToken(claims, loadConfig().jwtSecret, expires as jwt.SignOptions["expiresIn"])}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

if (require.main === module) main();
