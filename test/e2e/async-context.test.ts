import { AsyncLocalStorage } from "node:async_hooks";
import { ADMIN, startTestPlatform, type TestPlatform } from "../support/platform";
import { certificate, certificationBody, IMPORT_CERTIFICATES, IMPORT_ENTERPRISES, IMPORT_INSTITUTIONS, makeUscc } from "../support/fixtures";

/**
 * On Node 20 an AsyncLocalStorage, once used, makes the process run a hook for every promise it
 * creates from then on (W1 2-5% slower). Without read replicas nothing on the path of a query or a
 * mutation needs one: transactions go through platform/database/transaction.ts, not
 * em.transactional, and no read scope is opened. This keeps it so.
 */
let t: TestPlatform;
const HZ = makeUscc("330106", "MA27X0201");
const opened: string[] = [];
/** Wraps one method of AsyncLocalStorage: calls go through, and where each came from is kept. */
function watch(method: "run" | "enterWith") {
  const original = AsyncLocalStorage.prototype[method] as (...args: unknown[]) => unknown;
  return jest.spyOn(AsyncLocalStorage.prototype, method).mockImplementation(function (this: AsyncLocalStorage<unknown>, ...args: unknown[]) {
    const stack = new Error().stack!;
    // Jest runs each test and hook in one of its own; only the platform's count.
    if (!stack.includes("jest-circus")) opened.push(`${method} ${stack.split("\n").slice(2, 7).join(" <")}`);
    return original.apply(this, args);
  } as never);
}
const spies = [watch("run"), watch("enterWith")];

beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  await t?.stop();
});

it("serves queries and mutations without opening an AsyncLocalStorage", async () => {
  await t.ok(IMPORT_ENTERPRISES, { records: [{ uscc: HZ, name: "杭州上下文测试有限公司" }] }, ADMIN);
  await t.ok(IMPORT_INSTITUTIONS, { records: [certificationBody("CB-ZJ", "ZJ")] }, ADMIN);
  expect((await t.ok(IMPORT_CERTIFICATES, { records: [certificate({ number: "ALS-1", holderUscc: HZ })] }, ADMIN)).importCertificates.accepted).toBe(1);
  const [found] = (await t.ok(`{ certificatesByNumber(number: "ALS-1") { id } }`)).certificatesByNumber;
  await t.ok(`mutation($id: ID!) { setCertificateStatus(id: $id, status: SUSPENDED, reason: "test") { status } }`, { id: found.id }, ADMIN);
  const regulator = { sub: "reg-als", role: "regulator" as const, province: "ZJ" as never };
  const page = await t.ok(`{ certificates(filter: { provinces: [ZJ] }, first: 10) { edges { node { number status holder { name } issuer { name accreditations { scheme } } standards { code } } } } }`, undefined, regulator);
  expect(page.certificates.edges).toEqual([expect.objectContaining({ node: expect.objectContaining({ number: "ALS-1", status: "SUSPENDED" }) })]);
  expect(opened).toEqual([]);
});
