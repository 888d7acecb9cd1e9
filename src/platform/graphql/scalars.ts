import { GraphQLScalarType } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `Date` of the contract: a calendar date as YYYY-MM-DD, kept as a string end to end. Input is checked
 * in full (graphql-scalars' LocalDate: format and calendar); output only for its format, since every
 * date sent comes from a PostgreSQL `date` column: its full check was about 4% of a page's CPU.
 */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: "Date",
  description: "A calendar date, YYYY-MM-DD",
  serialize(value) {
    if (typeof value === "string" && ISO_DATE.test(value)) return value;
    return LocalDateResolver.serialize(value);
  },
});

/** `DateTime` of the contract: ISO-8601 with offset. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: "DateTime",
  description: "An instant, ISO-8601 with offset",
});

/** Date-only fields name DateScalar explicitly; a JS Date is always an instant. */
export const scalarsMap = [{ type: Date, scalar: DateTimeScalar }];
