import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the query selects `child` directly under a field named `parent` anywhere below the field being
 * resolved (fragments included). A page uses it to load ahead only what its rows' fields will ask for.
 */
export function selectsBelow(info: GraphQLResolveInfo, parent: string, child: string): boolean {
  const visited = new Set<string>();
  const search = (set: SelectionSetNode | undefined, underParent: boolean): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (underParent && selection.name.value === child) return true;
        if (search(selection.selectionSet, selection.name.value === parent)) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (search(selection.selectionSet, underParent)) return true;
      } else {
        const name = selection.name.value;
        if (visited.has(`${name}:${underParent}`)) continue;
        visited.add(`${name}:${underParent}`);
        if (search(info.fragments[name]?.selectionSet, underParent)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => search(node.selectionSet, false));
}
