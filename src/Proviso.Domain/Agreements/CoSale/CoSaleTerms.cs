using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.CoSale;

/// <summary>
/// The right of co-sale as terms (key <c>coSale</c>): who may co-sell, the period (started by the same receipt as a
/// refusal stage), the numerator and denominator measures of s.2.3(ii), and the clauses for conversion on the
/// purchaser's objection (s.2.3(iii)) and for the Transferor's purchase when the purchaser refuses (s.2.3(v)).
/// </summary>
public sealed record CoSaleTerms(
    Citation Citation,
    string EligibleRole,
    string PeriodStage,
    PeriodTerm Period,
    string PeriodName,
    HoldingMeasure Numerator,
    HoldingMeasure Denominator,
    Citation EntitlementCitation,
    Citation ConversionCitation,
    Citation PurchaserRefusalCitation) : MechanismTerms(Citation);
