using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

/// <summary>
/// A share certificate on the register of members: its id, the shares it represents, when it was issued, the legends
/// it bears and any stop-transfer notation (ROFR s.5).
/// </summary>
public sealed record Certificate(
    string Id,
    string HolderId,
    string ClassId,
    ShareCount Shares,
    LocalDate IssuedOn,
    IReadOnlyList<string> Legends,
    string? StopTransfer);
