"""Models of the registry (授权维修网点) and its coverage read model."""

from .coverage import (  # noqa: F401
    CoverageDirtyOutlet,
    CoverageOutlet,
    CoverageRefreshRequest,
    CoverageRun,
    CoverageState,
    CoverageTouringStop,
    TownshipCoverage,
)
from .fraud import (  # noqa: F401
    FraudObservation,
    FraudWarning,
    ManufacturerConfirmation,
    Suspect,
    SuspectArea,
    SuspectEvent,
    WarningAppeal,
)
from .registry import (  # noqa: F401
    ApiKey,
    Authorization,
    Brand,
    BrandAlias,
    Category,
    ChangeRecord,
    ExternalRef,
    Manufacturer,
    ManufacturerStaff,
    Outlet,
    OutletPhone,
    PriceItem,
    RegistryState,
    TouringStop,
)
