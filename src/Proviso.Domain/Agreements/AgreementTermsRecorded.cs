using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements;

/// <summary>
/// An agreement's terms were recorded for the company: the terms text as adopted (YAML), its SHA-256, and the
/// agreement's id and title. The latest recording of an agreement id is the one in force from its effective date.
/// </summary>
public sealed record AgreementTermsRecorded(string AgreementId, string Title, string Format, string Sha256, string Text) : LedgerEvent;
