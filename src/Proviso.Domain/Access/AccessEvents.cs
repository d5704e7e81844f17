using Proviso.Domain.Ledger;

namespace Proviso.Domain.Access;

/// <summary>The roles a user can hold for a company.</summary>
public enum CompanyRole
{
    /// <summary>Reads everything of the company.</summary>
    Viewer,
    /// <summary>Sees its own holdings, its own rights and the notices addressed to it; elects only for itself.</summary>
    Holder,
    /// <summary>Reads everything and records process steps for any party.</summary>
    Counsel,
    /// <summary>Everything, including the register and user access for the company.</summary>
    CompanyAdmin,
}

/// <summary>
/// A local account was created. The password is stored only as a PBKDF2-SHA256 hash with its salt and iteration count.
/// <see cref="IsAdministrator"/> marks an installation administrator (all companies).
/// </summary>
public sealed record UserCreated(string Username, string DisplayName, string PasswordHash, string Salt, int Iterations, bool IsAdministrator) : LedgerEvent;

/// <summary>A user's password was changed (the new hash, salt and iteration count).</summary>
public sealed record PasswordChanged(string Username, string PasswordHash, string Salt, int Iterations) : LedgerEvent;

/// <summary>An API token was issued to a user; only the token's SHA-256 is stored.</summary>
public sealed record ApiTokenIssued(string TokenId, string Username, string TokenSha256, string Label) : LedgerEvent;

/// <summary>An API token was revoked.</summary>
public sealed record ApiTokenRevoked(string TokenId) : LedgerEvent;

/// <summary>A user was given a role for a company; a holder role names the register holder the user acts for.</summary>
public sealed record CompanyRoleGranted(string Username, string CompanyId, CompanyRole Role, string? HolderId) : LedgerEvent;

/// <summary>A user's role for a company was withdrawn.</summary>
public sealed record CompanyRoleRevoked(string Username, string CompanyId) : LedgerEvent;
