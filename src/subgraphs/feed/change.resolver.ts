import { Arg, Authorized, Ctx, Int, Query, Resolver, Root, Subscription } from "type-graphql";
import type { RequestContext } from "../../platform/graphql/context";
import { decodeIdCursor, pageSize, toPage } from "../../platform/graphql/pagination";
import { ChangeFilter } from "./change.inputs";
import { ChangeConnection, ChangeEvent } from "./change.type";
import { CHANGE_CURSOR, toChangeEvent, type ChangeRow } from "./change-row";
import { ChangeStream } from "./change-stream";
import type { FeedRuntime } from "./feed.runtime";

/** Who may follow the feed (DESIGN.md, "Who may do what"). */
const FEED_ROLES = ["partner", "regulator", "admin"];

const afterId = (after: string | null | undefined): number | undefined => {
  const key = decodeIdCursor(CHANGE_CURSOR, after);
  return key === undefined ? undefined : Number(key);
};

interface SubscribeArgs {
  filter?: ChangeFilter | null;
  after?: string | null;
}

/**
 * Built per subgraph instance so that each instance's resolvers use its own runtime (two platforms
 * in one process, as the tests run them, each deliver every event to their own subscribers).
 */
export function createChangeResolver(runtime: FeedRuntime) {
  @Resolver(() => ChangeEvent)
  class ChangeResolver {
    @Authorized(...FEED_ROLES)
    @Query(() => ChangeConnection, { description: "Events after the cursor, oldest first; from the oldest kept event without one" })
    async changes(
      // Listed last-to-first: type-graphql prints arguments in reverse, and the contract's order is filter, after, first.
      @Arg("first", () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
      @Arg("after", () => String, { nullable: true }) after: string | null | undefined,
      @Arg("filter", () => ChangeFilter, { nullable: true }) filter: ChangeFilter | null | undefined,
      @Ctx() ctx: RequestContext,
    ): Promise<ChangeConnection> {
      const size = pageSize(first ?? 100, 100);
      const from = afterId(after);
      const { store } = await runtime.use(ctx.em);
      await store.assertResumable(from);
      const rows = await store.page(from ?? 0, filter ?? {}, size + 1);
      return toPage(rows.map(toChangeEvent), size, (event) => event.cursor);
    }

    @Authorized(...FEED_ROLES)
    @Subscription(() => ChangeEvent, {
      name: "changes",
      description: "With `after`, first replays every matching event after that cursor, in order, then goes live",
      subscribe: async ({ args, context }: { args: SubscribeArgs; context: RequestContext }) => {
        const from = afterId(args.after);
        const { store, hub } = await runtime.use(context.em);
        await store.assertResumable(from);
        // Without a cursor the subscriber wants what commits from now on.
        return new ChangeStream(hub, args.filter ?? {}, from ?? (await store.head()));
      },
    })
    changesStream(
      @Root() row: ChangeRow,
      // Declared for the schema (last-to-first, as above); the subscribe function reads them.
      @Arg("after", () => String, { nullable: true }) _after?: string | null,
      @Arg("filter", () => ChangeFilter, { nullable: true }) _filter?: ChangeFilter | null,
    ): ChangeEvent {
      return toChangeEvent(row);
    }
  }
  return ChangeResolver;
}
