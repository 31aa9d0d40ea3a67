"""The JSON API of the policy app, mounted at ``/api/policy/``.

Public reads: open programmes, the awards (open data of the transparency page), the
certified enterprises and the criteria (:mod:`~iecommons.policy.api_certification`), policy
documents (:mod:`~iecommons.policy.api_documents`) and demonstration selections with the
inputs that reproduce them (:mod:`~iecommons.policy.api_demonstration`). Everything else
follows :mod:`iecommons.authz.policy`, exactly as the pages do; writes call one service
each, which refuses bad input naming the field (422).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from iecommons.accounts.api_auth import PUBLIC
from iecommons.analytics.games.scenario import scenario_model
from iecommons.authz import policy as rules
from iecommons.common.api import ERRORS, Page, PageQuery, actor, paginate
from iecommons.common.services import refuse
from iecommons.policy.api_certification import router as certification_router
from iecommons.policy.api_demonstration import router as demonstration_router
from iecommons.policy.api_documents import router as documents_router
from iecommons.policy.models import Application, IncentiveProgramme, PolicyScenario
from iecommons.policy.selectors import calibration
from iecommons.policy.selectors import certification as certification_selectors
from iecommons.policy.selectors import programmes as selectors
from iecommons.policy.services import ledger, scenarios
from iecommons.policy.services import programmes as services
from iecommons.policy.surcharge import CalculatorError
from iecommons.registry.models import Community, Organization, Region

router = Router(tags=["policy"])
router.add_router("", documents_router)
router.add_router("", certification_router)
router.add_router("", demonstration_router)


class ProgrammeOut(Schema):
    id: int
    title: str
    kind: str
    jurisdiction_id: int | None
    status: str
    opens: datetime.date
    deadline: datetime.date
    spend_by: datetime.date
    max_award: Decimal | None
    conditions: list[dict[str, Any]]
    budget: Decimal
    committed: Decimal
    available: Decimal
    disbursed: Decimal
    returned: Decimal
    lapsed: Decimal


class ProgrammeIn(Schema):
    title: str
    kind: str
    jurisdiction_code: str = Field("", description="GB/T 2260 code; empty for national.")
    budget: Decimal
    opens: datetime.date
    deadline: datetime.date
    spend_by: datetime.date
    max_award: Decimal | None = None
    conditions: list[dict[str, Any]] = Field(default_factory=list)
    description: str = ""


class EligibilityRow(Schema):
    fact: str
    op: str
    value: Any
    actual: Any
    passed: bool


class EligibilityOut(Schema):
    eligible: bool
    conditions: list[EligibilityRow]


class ApplicationIn(Schema):
    organization_id: int
    community_id: int
    amount_requested: Decimal
    purpose: str


class ApplicationOut(Schema):
    id: int
    programme_id: int
    organization_id: int
    community_id: int
    status: str
    amount_requested: Decimal
    amount_awarded: Decimal
    amount_disbursed: Decimal
    decision_reason: str
    appeal_reason: str
    eligibility: list[dict[str, Any]]


class ApplicationReviewIn(Schema):
    score: int
    reason: str


class ReviewOut(Schema):
    id: int
    application_id: int
    score: int
    reason: str


class ApplicationDecisionIn(Schema):
    award: bool
    amount: Decimal | None = None
    reason: str


class ReasonIn(Schema):
    reason: str


class AmountIn(Schema):
    amount: Decimal
    note: str = ""


class MovementOut(Schema):
    id: int
    kind: str
    amount: Decimal
    application_id: int | None
    note: str
    created_at: datetime.datetime


class AwardOut(Schema):
    programme_id: int
    programme: str
    kind: str
    jurisdiction: str
    recipient: str
    credit_code: str
    amount: Decimal
    disbursed: Decimal
    rule: list[dict[str, Any]]
    decided: str


class SurchargeRowOut(Schema):
    year: int
    investment: Decimal
    withdrawn: Decimal
    tax_base: Decimal
    education_surcharge: Decimal
    local_education_surcharge: Decimal
    credit_brought_forward: Decimal
    credit_earned: Decimal
    offset_education: Decimal
    offset_local: Decimal
    credit_cancelled: Decimal
    clawback: Decimal
    credit_carried_forward: Decimal
    payable: Decimal


class ScenarioIn(Schema):
    title: str
    document: dict[str, Any] | None = Field(
        None,
        description="The run and, optionally, a custom model (see docs/games.md); "
        "null: the default run.",
    )
    jurisdiction_code: str = Field("", description="GB/T 2260 code; empty for national.")
    calibrate: bool = Field(False, description="Calibrate from the jurisdiction's records.")
    first_year: int | None = Field(None, description="First year of records read.")
    last_year: int | None = Field(None, description="Last year of records read.")
    unit: Decimal | None = Field(None, description="CNY per model unit (default 100000).")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Values set by the caller, by parameter name."
    )


class ParameterOut(Schema):
    name: str
    value: float
    default: float
    origin: str = Field(description="set, calibrated or default")
    calibrated: float | None


class ScenarioSummaryOut(Schema):
    id: int
    title: str
    jurisdiction_code: str | None
    status: str = Field(description="queued, running, done or failed")
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class ScenarioOut(ScenarioSummaryOut):
    document: dict[str, Any]
    calibration: dict[str, Any]
    parameters: list[ParameterOut]
    result: dict[str, Any] | None


class ScenarioStateOut(Schema):
    id: int
    status: str = Field(description="queued, running, done or failed")
    error: str = Field(description="why a failed run failed")
    finished_at: datetime.datetime | None


class CalibrationQuery(Schema):
    jurisdiction_code: str = Field("", description="GB/T 2260 code; empty for national.")
    first_year: int | None = None
    last_year: int | None = None
    unit: Decimal | None = Field(None, description="CNY per model unit (default 100000).")


def _region(code: str, field: str) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise refuse(field, _("Unknown region code."))
    return region


def _programme_out(programme: IncentiveProgramme) -> dict[str, Any]:
    data = {f: getattr(programme, f) for f in ProgrammeOut.model_fields if f != "available"}
    data["available"] = programme.available
    return data


def _application(request: HttpRequest, application_id: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("programme", "organization"), pk=application_id
    )
    if not rules.can_see_application(actor(request), application):
        raise Http404
    return application


def _programme(request: HttpRequest, programme_id: int) -> IncentiveProgramme:
    programme = get_object_or_404(IncentiveProgramme, pk=programme_id)
    if not rules.can_see_programme(actor(request), programme):
        raise Http404
    return programme


@router.get("/programmes", response={200: Page[ProgrammeOut], **ERRORS}, auth=PUBLIC)
def programme_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """Programmes open to the public (drafts only for their supervisors)."""
    page = paginate(selectors.public_programmes(actor(request)), query)
    page["results"] = [_programme_out(p) for p in page["results"]]
    return page


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS}, auth=PUBLIC)
def programme_get(request: HttpRequest, programme_id: int) -> Any:
    return _programme_out(_programme(request, programme_id))


@router.post("/programmes", response={201: ProgrammeOut, **ERRORS})
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Any:
    """Open a programme for a jurisdiction the caller supervises."""
    programme = services.programme_create(
        actor=actor(request),
        title=payload.title,
        kind=payload.kind,
        jurisdiction=_region(payload.jurisdiction_code, "jurisdiction_code"),
        budget=payload.budget,
        opens=payload.opens,
        deadline=payload.deadline,
        spend_by=payload.spend_by,
        max_award=payload.max_award,
        conditions=payload.conditions,
        description=payload.description,
    )
    return 201, _programme_out(programme)


@router.get("/programmes/{programme_id}/eligibility", response={200: EligibilityOut, **ERRORS})
def programme_eligibility(
    request: HttpRequest, programme_id: int, organization_id: int, community_id: int
) -> Any:
    """Why the organisation, applying through the community, is or is not eligible."""
    programme = _programme(request, programme_id)
    organization = get_object_or_404(Organization, pk=organization_id)
    if not (
        rules.can_apply_for(actor(request), organization)
        or rules.can_manage_programme(actor(request), programme)
    ):
        raise Http404
    community = get_object_or_404(Community, pk=community_id)
    eligible, rows = services.eligibility_for(programme, organization, community)
    return {"eligible": eligible, "conditions": rows}


@router.post("/programmes/{programme_id}/applications", response={201: ApplicationOut, **ERRORS})
def application_create(request: HttpRequest, programme_id: int, payload: ApplicationIn) -> Any:
    programme = _programme(request, programme_id)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise refuse("organization_id", _("Unknown organisation."))
    community = Community.objects.filter(pk=payload.community_id).first()
    if community is None:
        raise refuse("community_id", _("Unknown community."))
    application = services.application_submit(
        actor=actor(request),
        programme=programme,
        organization=organization,
        community=community,
        amount_requested=payload.amount_requested,
        purpose=payload.purpose,
    )
    return 201, application


@router.get("/applications", response={200: Page[ApplicationOut], **ERRORS})
def application_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """The caller's own applications and those of the programmes it manages."""
    return paginate(selectors.applications_for(actor(request)), query)


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def application_get(request: HttpRequest, application_id: int) -> Any:
    return _application(request, application_id)


@router.post("/applications/{application_id}/reviews", response={201: ReviewOut, **ERRORS})
def review_create(request: HttpRequest, application_id: int, payload: ApplicationReviewIn) -> Any:
    review = services.application_review(
        actor=actor(request),
        application=_application(request, application_id),
        score=payload.score,
        reason=payload.reason,
    )
    return 201, review


@router.post("/applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS})
def decision_create(
    request: HttpRequest, application_id: int, payload: ApplicationDecisionIn
) -> Any:
    return services.application_decide(
        actor=actor(request),
        application=_application(request, application_id),
        award=payload.award,
        amount=payload.amount,
        reason=payload.reason,
    )


@router.post("/applications/{application_id}/appeal", response={200: ApplicationOut, **ERRORS})
def appeal_create(request: HttpRequest, application_id: int, payload: ReasonIn) -> Any:
    return services.application_appeal(
        actor=actor(request),
        application=_application(request, application_id),
        reason=payload.reason,
    )


@router.post("/applications/{application_id}/disbursements", response={201: MovementOut, **ERRORS})
def disbursement_create(request: HttpRequest, application_id: int, payload: AmountIn) -> Any:
    movement = ledger.disbursement_record(
        actor=actor(request),
        application=_application(request, application_id),
        amount=payload.amount,
        note=payload.note,
    )
    return 201, movement


@router.get("/programmes/{programme_id}/ledger", response={200: list[MovementOut], **ERRORS})
def ledger_list(request: HttpRequest, programme_id: int) -> Any:
    """Every movement of the programme's fund (its supervisors only)."""
    programme = _programme(request, programme_id)
    if not rules.can_manage_programme(actor(request), programme):
        raise PermissionDenied
    return list(selectors.ledger_movements(programme))


@router.get("/awards", response={200: list[AwardOut], **ERRORS}, auth=PUBLIC)
def award_list(request: HttpRequest) -> Any:
    """Open data of the transparency page: recipient, amount, rule and date of every award."""
    return selectors.awards()


@router.get(
    "/organizations/{organization_id}/surcharge",
    response={200: list[SurchargeRowOut], **ERRORS},
)
def surcharge_get(request: HttpRequest, organization_id: int) -> Any:
    """The enterprise's year-by-year surcharge offsets (its representatives and the
    certifying province's supervisors)."""
    organization = get_object_or_404(Organization, pk=organization_id)
    if not rules.can_use_calculator(actor(request), organization):
        raise Http404
    try:
        rows = certification_selectors.surcharge_table(organization)
    except CalculatorError as error:
        raise refuse(error.field, error.message) from None
    return [{**row.__dict__, "payable": row.payable} for row in rows]


def _scenario_summary(scenario: PolicyScenario) -> dict[str, Any]:
    return {
        "id": scenario.pk,
        "title": scenario.title,
        "jurisdiction_code": scenario.jurisdiction.code if scenario.jurisdiction else None,
        "status": scenario.status,
        "error": scenario.error,
        "created_at": scenario.created_at,
        "finished_at": scenario.finished_at,
    }


def _scenario_out(scenario: PolicyScenario) -> dict[str, Any]:
    try:
        model = scenario_model(scenario.document)
    except ValueError:
        defaults: dict[str, float] = {}
    else:
        defaults = {name: p.value for name, p in model.parameters.items()}
    origins = calibration.parameter_origins(
        defaults, dict(scenario.document.get("parameters") or {}), scenario.calibration or {}
    )
    return {
        **_scenario_summary(scenario),
        "document": scenario.document,
        "calibration": scenario.calibration or {},
        "parameters": [
            {
                "name": o.name,
                "value": o.value,
                "default": o.default,
                "origin": o.origin,
                "calibrated": o.calibrated,
            }
            for o in origins
        ],
        "result": scenario.result,
    }


def _scenario(request: HttpRequest, scenario_id: int) -> PolicyScenario:
    scenario = get_object_or_404(
        PolicyScenario.objects.select_related("jurisdiction"), pk=scenario_id
    )
    if not rules.can_see_scenario(actor(request), scenario):
        raise Http404
    return scenario


@router.get("/scenarios", response={200: Page[ScenarioSummaryOut], **ERRORS})
def scenario_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """The policy-lab scenarios the caller may read (supervisors), newest first."""
    user = actor(request)
    if not rules.can_run_scenarios(user):
        raise PermissionDenied
    scenarios = rules.visible_scenarios(
        user, PolicyScenario.objects.select_related("jurisdiction").order_by("-created_at", "-pk")
    )
    page = paginate(scenarios, query)
    page["results"] = [_scenario_summary(s) for s in page["results"]]
    return page


@router.post("/scenarios", response={201: ScenarioOut, **ERRORS})
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> Any:
    """Save a policy-lab scenario, optionally calibrated from the platform's records, and
    queue its run; ``parameters`` set values by name over the calibrated ones."""
    scenario = scenarios.scenario_create(
        actor=actor(request),
        title=payload.title,
        document=payload.document,
        jurisdiction=_region(payload.jurisdiction_code, "jurisdiction_code"),
        calibrate=payload.calibrate,
        first_year=payload.first_year,
        last_year=payload.last_year,
        unit=payload.unit,
        parameters=payload.parameters,
    )
    return Status(201, _scenario_out(scenario))


@router.get("/scenarios/{scenario_id}", response={200: ScenarioOut, **ERRORS})
def scenario_get(request: HttpRequest, scenario_id: int) -> Any:
    """A scenario: its document, its calibration, each parameter with where its value came
    from, and the result once the run is done."""
    return _scenario_out(_scenario(request, scenario_id))


@router.get("/scenarios/{scenario_id}/state", response={200: ScenarioStateOut, **ERRORS})
def scenario_run_state(request: HttpRequest, scenario_id: int) -> Any:
    """Where the scenario's run stands, and why a failed run failed."""
    scenario = _scenario(request, scenario_id)
    return {
        "id": scenario.pk,
        "status": scenario.status,
        "error": scenario.error,
        "finished_at": scenario.finished_at,
    }


@router.get("/calibration", response={200: dict[str, Any], **ERRORS})
def scenario_calibration(request: HttpRequest, query: Query[CalibrationQuery]) -> Any:
    """What a scenario calibrated for the jurisdiction would read from the platform's
    records (the jurisdiction's supervisors only); writes nothing."""
    if not rules.can_run_scenarios(actor(request)):
        raise PermissionDenied
    return calibration.calibration_compute(
        actor=actor(request),
        jurisdiction=_region(query.jurisdiction_code, "jurisdiction_code"),
        first_year=query.first_year,
        last_year=query.last_year,
        unit=query.unit,
    )
