import { GraphQLScalarType } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

/** `Date` of the contract: a calendar date as YYYY-MM-DD, kept as a string end to end. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: "Date",
  description: "A calendar date, YYYY-MM-DD",
});

/** `DateTime` of the contract: ISO-8601 with offset. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: "DateTime",
  description: "An instant, ISO-8601 with offset",
});

/** Date-only fields name DateScalar explicitly; a JS Date is always an instant. */
export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
