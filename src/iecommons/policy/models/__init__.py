"""The policy app's models, one module per sub-area."""

from iecommons.policy.models.certification import (
    Certification,
    CertificationCriteria,
    CertificationDocument,
    CertificationEvent,
    InvestmentYear,
)
from iecommons.policy.models.demonstration import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)
from iecommons.policy.models.documents import Measure, MeasureImplementation, PolicyDocument
from iecommons.policy.models.programmes import (
    Application,
    ApplicationDocument,
    FundMovement,
    IncentiveProgramme,
    Review,
)
from iecommons.policy.models.scenarios import PolicyScenario

__all__ = [
    "Application",
    "ApplicationDocument",
    "Certification",
    "CertificationCriteria",
    "CertificationDocument",
    "CertificationEvent",
    "DemonstrationEntry",
    "DemonstrationObjection",
    "DemonstrationSelection",
    "FundMovement",
    "IncentiveProgramme",
    "InvestmentYear",
    "Measure",
    "MeasureImplementation",
    "PolicyDocument",
    "PolicyScenario",
    "Review",
]
