"""The access truth table of docs/intel-access.md, written independently of collsec.intel.policy.

Audiences are spelled out as sets of organisation names, and the TLP rules as literal tables,
so that a mistake in the policy module cannot hide itself by being its own oracle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GOOD_STANDING = {"active", "frozen_self_declared"}

# Section 1 of docs/intel-access.md: which TLP levels only the owner and recipients read.
RECIPIENTS_ONLY = {"red"}
# Section 3: what an export for each scope may carry (for a non-owner; an owner exports
# everything except to partners, who get CLEAR only).
EXPORTABLE = {
    "partner": {"clear"},
    "alliance": {"clear", "green"},
    "state": {"clear", "green", "amber", "unmarked"},
    "org": {"clear", "green", "amber", "unmarked", "amber+strict"},
}
# Section 2: how far a non-owner may re-share each level.
RESHARE = {
    "clear": "anywhere",
    "green": "alliance",
    "amber": "state",
    "unmarked": "state",
    "amber+strict": "org",
    "red": "nowhere",
}


@dataclass
class OWorld:
    status: dict[str, str]  # state -> status
    org_state: dict[str, str]  # org name -> state
    groups: dict[str, set[str]] = field(default_factory=dict)  # group name -> org names

    def audience(self, kind: str, ref: str) -> set[str]:
        if kind == "org":
            return {ref}
        if kind == "state":
            return {o for o, s in self.org_state.items() if s == ref}
        if kind == "alliance":
            return {o for o, s in self.org_state.items() if self.status.get(s) in GOOD_STANDING}
        return set(self.groups[ref])


@dataclass(frozen=True)
class OObject:
    ident: str
    version: str  # the object's `modified`, as posted
    kind: str  # collection kind
    ref: str  # collection ref: org name, state id, "alliance" or group name
    owner: str
    tlp: str  # clear, green, amber, amber+strict, red or unmarked
    recipients: frozenset[str]
    values: frozenset[str] = frozenset()
    sighting_of: str | None = None


def may_read(world: OWorld, reader: str, obj: OObject) -> bool:
    if reader not in world.audience(obj.kind, obj.ref):
        return False
    if obj.tlp in RECIPIENTS_ONLY:
        return reader == obj.owner or reader in obj.recipients
    return True


def latest_readable(world: OWorld, reader: str, objects: list[OObject]) -> list[OObject]:
    """Per (collection, id), the newest version the reader may read."""
    best: dict[tuple[str, str, str], OObject] = {}
    for obj in objects:
        if not may_read(world, reader, obj):
            continue
        key = (obj.kind, obj.ref, obj.ident)
        if key not in best or obj.version > best[key].version:
            best[key] = obj
    return list(best.values())


def may_export(reader: str, obj: OObject, scope: str) -> bool:
    if scope != "partner" and obj.owner == reader:
        return True
    return obj.tlp in EXPORTABLE[scope]


def may_reshare(
    world: OWorld, poster: str, source: OObject, target_kind: str, target_ref: str
) -> bool:
    if poster == source.owner:
        return True
    if (source.kind, source.ref) == (target_kind, target_ref):
        return True
    bound = RESHARE[source.tlp]
    if bound == "anywhere":
        return True
    if bound == "nowhere":
        return False
    if target_kind == "alliance":
        return bound == "alliance"
    members = world.audience(target_kind, target_ref)
    if target_kind == "state":
        members_states = {target_ref}
    else:
        members_states = {world.org_state[m] for m in members}
    if bound == "alliance":
        return all(world.status.get(s) in GOOD_STANDING for s in members_states)
    if bound == "state":
        if target_kind == "org":
            return world.org_state[target_ref] == world.org_state[poster]
        return members_states == {world.org_state[poster]}
    # bound == "org"
    if target_kind == "org":
        return target_ref == poster
    return target_kind == "group" and members == {poster}
