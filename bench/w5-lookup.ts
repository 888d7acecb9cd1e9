import { postGraphQL, type BenchContext, type Variant, type WorkloadResult } from "./context";
import { explainRequest } from "./explain";
import { autocannon, closedLoop, httpSampler, inProcessSampler, inTurns, round } from "./measure";

const GATEWAY_QUERY = `query W5($number: String!) { certificatesByNumber(number: $number) {
  id number kind scheme status issuedOn validUntil holder { uscc name } issuer { id name } } }`;
const SUBGRAPH_QUERY = `query W5Subgraph($number: String!) { certificatesByNumber(number: $number) {
  id number kind scheme status issuedOn validUntil holder { uscc } issuer { id } } }`;

const SQL = `select c.id, c.number, c.kind, c.scheme, c.status, c.issued_on, c.valid_until, c.holder_uscc, e.name as holder_name, c.issuer_id, i.name as issuer_name
  from certification.certificate c
  join registry.enterprise e on e.uscc = c.holder_uscc
  join registry.institution i on i.id = c.issuer_id
  where c.number = $1`;

/** Single lookups by certificate number, public (no token), over numbers spread through the table. */
export async function runW5(ctx: BenchContext): Promise<WorkloadResult> {
  const { samples, seconds, connections } = ctx.options;
  const sample = await ctx.pool.query(`select number from certification.certificate tablesample system (1) limit 500`);
  const numbers: string[] = sample.rows.map((r) => r.number);
  if (numbers.length < 50) throw new Error("W5: too few certificates to sample numbers from");
  const pick = (i: number) => numbers[i % numbers.length]!;
  const gateway = (i: number) => postGraphQL(ctx.gatewayUrl, GATEWAY_QUERY, { number: pick(i) });
  const httpGateway = (i: number) => postGraphQL(ctx.httpGatewayUrl, GATEWAY_QUERY, { number: pick(i) });
  const sql = (i: number) => ctx.pool.query(SQL, [pick(i)]);

  const found = await gateway(0);
  if (JSON.stringify(await httpGateway(0)) !== JSON.stringify(found)) throw new Error("W5: the Hive gateway over HTTP answers differently from in process");
  if (found.certificatesByNumber.length !== 1 || !found.certificatesByNumber[0].holder.name) throw new Error(`W5: lookup of ${pick(0)} found ${JSON.stringify(found)}`);

  const bodies = (query: string) => numbers.map((number) => JSON.stringify({ query, variables: { number } }));
  const targets = {
    gateway: { url: ctx.gatewayUrl, bodies: bodies(GATEWAY_QUERY) },
    httpGateway: { url: ctx.httpGatewayUrl, bodies: bodies(GATEWAY_QUERY) },
    direct: { url: ctx.subgraphUrls.certification!, bodies: bodies(SUBGRAPH_QUERY) },
  };
  // Latencies in turns (see inTurns), so that the ratios compare like with like; then each one's throughput.
  const [gatewayLatency, httpLatency, directLatency, sqlLatency] = await inTurns(
    [httpSampler(targets.gateway), httpSampler(targets.httpGateway), httpSampler(targets.direct), inProcessSampler(async (i) => void (await sql(i)))],
    samples * 2,
  );
  const variants: Variant[] = [
    {
      name: "gateway (Hive Gateway, subgraphs in process: npm start)",
      latency: gatewayLatency!,
      throughput: await autocannon({ ...targets.gateway, connections, seconds }),
    },
    {
      name: "Hive Gateway calling the subgraphs over loopback HTTP (split deployment's hop)",
      latency: httpLatency!,
      throughput: await autocannon({ ...targets.httpGateway, connections, seconds }),
    },
    {
      name: "certification subgraph called directly (its own fields)",
      latency: directLatency!,
      throughput: await autocannon({ ...targets.direct, connections, seconds }),
    },
    {
      name: "hand-written SQL with pg (one join)",
      latency: { ...sqlLatency!, statementsPerRequest: 1 },
      throughput: await closedLoop(async (i) => void (await sql(i)), connections, seconds),
    },
  ];
  const [g, h, s, q] = variants;
  const plans = await explainRequest(ctx.pool, () => gateway(1));
  return {
    id: "W5",
    title: "certificatesByNumber: single lookups with holder and issuer names",
    variants,
    ratios: {
      "gateway p50 / SQL p50": round(g!.latency.p50 / q!.latency.p50, 1),
      "SQL req/s / gateway req/s": round(q!.throughput!.requestsPerSecond / g!.throughput!.requestsPerSecond, 1),
      "gateway p50 / subgraph p50": round(g!.latency.p50 / s!.latency.p50, 1),
      "gateway over HTTP p50 / SQL p50": round(h!.latency.p50 / q!.latency.p50, 1),
    },
    targets: [
      { text: "p50 under 5 ms through the gateway", met: g!.latency.p50 < 5 },
      { text: "the lookup uses an index (EXPLAIN)", met: plans.every((p) => p.usesIndex) },
    ],
    notes: [],
    plans,
  };
}
