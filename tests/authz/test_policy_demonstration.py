"""Who may do what with demonstration selections, over the world: a selection belongs to
the supervisors of its jurisdiction (a province's to its supervisors and the national ones,
never a city's); its draft is theirs alone; once published anyone sees it and anyone
signed in may object; a secretariat objects on behalf of its own community only; an
objection is seen by whoever filed it and the selection's supervisors."""

from __future__ import annotations

from iecommons.authz import policy as rules
from iecommons.policy.models import DemonstrationObjection, DemonstrationSelection
from tests.authz.conftest import SIGNED_IN, AuthzWorld, mismatches

NATIONAL = {"operator", "national"}
JIANGSU = NATIONAL | {"provincial"}
SUPERVISORS = JIANGSU | {"city"}


def test_the_demonstration_rules(authz_world: AuthzWorld) -> None:
    world = authz_world
    jiangsu = world.community_a.province
    national_draft = DemonstrationSelection(status="draft", jurisdiction=None)
    jiangsu_draft = DemonstrationSelection(status="draft", jurisdiction=jiangsu)
    in_notice = DemonstrationSelection(status="notice", jurisdiction=jiangsu)
    final = DemonstrationSelection(status="final", jurisdiction=None)
    filer = world.people["outsider"]
    objection = DemonstrationObjection(selection=in_notice, filed_by=filer)
    table = [
        ("can_start_selections", rules.can_start_selections, SUPERVISORS),
        ("can_create_selection(national)", lambda u: rules.can_create_selection(u, None), NATIONAL),
        (
            "can_create_selection(Jiangsu)",
            lambda u: rules.can_create_selection(u, jiangsu),
            JIANGSU,
        ),
        (
            "can_manage_selection(national)",
            lambda u: rules.can_manage_selection(u, national_draft),
            NATIONAL,
        ),
        (
            "can_manage_selection(Jiangsu)",
            lambda u: rules.can_manage_selection(u, jiangsu_draft),
            JIANGSU,
        ),
        (
            "can_see_selection(national draft)",
            lambda u: rules.can_see_selection(u, national_draft),
            NATIONAL,
        ),
        (
            "can_see_selection(Jiangsu draft)",
            lambda u: rules.can_see_selection(u, jiangsu_draft),
            JIANGSU,
        ),
        (
            "can_see_selection(under notice)",
            lambda u: rules.can_see_selection(u, in_notice),
            set(world.people) | {"anonymous"},
        ),
        (
            "can_see_selection(final)",
            lambda u: rules.can_see_selection(u, final),
            set(world.people) | {"anonymous"},
        ),
        ("can_object(under notice)", lambda u: rules.can_object(u, in_notice), SIGNED_IN),
        ("can_object(draft)", lambda u: rules.can_object(u, jiangsu_draft), set()),
        ("can_object(final)", lambda u: rules.can_object(u, final), set()),
        (
            "can_object_for(A)",
            lambda u: rules.can_object_for(u, world.community_a),
            {"operator", "secretariat_a"},
        ),
        (
            "can_see_objection(outsider's)",
            lambda u: rules.can_see_objection(u, objection),
            JIANGSU | {"outsider"},
        ),
    ]
    assert mismatches(world, table) == []
