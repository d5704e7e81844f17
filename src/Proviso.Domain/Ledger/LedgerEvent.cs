using NodaTime;

namespace Proviso.Domain.Ledger;

/// <summary>
/// A fact recorded in a company's ledger, named in the past tense. <see cref="EffectiveOn"/> is the date on which it
/// takes effect in the register (an "…On" date); when it was recorded, by whom and why live in the ledger envelope.
/// </summary>
public abstract record LedgerEvent
{
    public required LocalDate EffectiveOn { get; init; }
}
