/**
 * Credentials for secured test servers, made fresh by each test: nkey users, a decentralised
 * JWT set-up (operator → account → user, a `.creds` file, `resolver: MEMORY`), and a test CA with
 * server and client certificates (openssl). Pass `config` to `startNatsServer({ config })`.
 *
 *   const jwt = await decentralisedAuth(dir);   // jwt.config for the server, jwt.credsFile for the client
 *   const tls = testCertificates(dir);          // tls.config (verify: true), tls.ca / clientCert / clientKey
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createAccount, createOperator, createUser, encodeAccount, encodeOperator, encodeUser, fmtCreds } from "@nats-io/jwt";

export interface NkeyUser {
  publicKey: string;
  seedFile: string;
}

export function nkeyUser(dir: string): NkeyUser {
  const user = createUser();
  const seedFile = join(dir, "user.nk");
  writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()) + "\n", { mode: 0o600 });
  return { publicKey: user.getPublicKey(), seedFile };
}

export interface DecentralisedAuth {
  config: string;
  credsFile: string;
}

/** An operator trusting one account (JetStream enabled) with one user, and the system account JetStream needs; accounts preloaded in memory. */
export async function decentralisedAuth(dir: string): Promise<DecentralisedAuth> {
  const operator = createOperator();
  const account = createAccount();
  const system = createAccount();
  const user = createUser();
  const operatorJwt = await encodeOperator("jetschema-test", operator, { system_account: system.getPublicKey() });
  const systemJwt = await encodeAccount("SYS", system, {}, { signer: operator });
  const accountJwt = await encodeAccount("EVENTS", account, {
    limits: { conn: -1, subs: -1, data: -1, payload: -1, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 },
  }, { signer: operator });
  const userJwt = await encodeUser("deployer", user, account);
  const credsFile = join(dir, "deployer.creds");
  writeFileSync(credsFile, fmtCreds(userJwt, user), { mode: 0o600 });
  const config = [
    `operator: ${operatorJwt}`,
    `system_account: ${system.getPublicKey()}`,
    "resolver: MEMORY",
    `resolver_preload: { ${account.getPublicKey()}: ${accountJwt}, ${system.getPublicKey()}: ${systemJwt} }`,
  ].join("\n");
  return { config, credsFile };
}

export interface TestCertificates {
  config: string;
  ca: string;
  clientCert: string;
  clientKey: string;
}

/** A CA, a server certificate for 127.0.0.1 (and localhost, the name nats.js checks for a loopback IP) and a client certificate; the server verifies clients. */
export function testCertificates(dir: string): TestCertificates {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=jetschema test CA");
  const sign = (name: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl("req", ...key, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "1", "-extfile", `${name}.ext`);
  };
  sign("server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  sign("client", "extendedKeyUsage=clientAuth\n");
  const config = `tls {\n  cert_file: "${path("server.pem")}"\n  key_file: "${path("server.key")}"\n  ca_file: "${path("ca.pem")}"\n  verify: true\n}`;
  return { config, ca: path("ca.pem"), clientCert: path("client.pem"), clientKey: path("client.key") };
}
