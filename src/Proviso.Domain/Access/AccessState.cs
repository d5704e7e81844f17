using Proviso.Domain.Ledger;

namespace Proviso.Domain.Access;

/// <summary>A user's grant for one company.</summary>
public sealed record Grant(string CompanyId, CompanyRole Role, string? HolderId);

/// <summary>A local account as the access ledger knows it.</summary>
public sealed record User(string Username, string DisplayName, string PasswordHash, string Salt, int Iterations, bool IsAdministrator, IReadOnlyDictionary<string, Grant> Grants);

/// <summary>
/// Who may do what, evolved from the access ledger's events: users, their grants per company, and API tokens.
/// </summary>
public sealed class AccessState
{
    private readonly Dictionary<string, User> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string TokenId, string Username)> _tokensBySha = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokenShaById = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, User> Users => _users;

    public User? UserForToken(string tokenSha256) => UserForToken(tokenSha256.AsSpan());

    /// <summary>The user whose live token has this SHA-256 (64 lowercase hex digits), or null; looked up without a string.</summary>
    public User? UserForToken(ReadOnlySpan<char> tokenSha256) =>
        _tokensBySha.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(tokenSha256, out var t) && _users.TryGetValue(t.Username, out var u) ? u : null;

    public void Apply(LedgerEvent e)
    {
        switch (e)
        {
            case UserCreated u:
                _users[u.Username] = new User(u.Username, u.DisplayName, u.PasswordHash, u.Salt, u.Iterations, u.IsAdministrator, new Dictionary<string, Grant>(StringComparer.Ordinal));
                break;
            case PasswordChanged p when _users.TryGetValue(p.Username, out var user):
                _users[p.Username] = user with { PasswordHash = p.PasswordHash, Salt = p.Salt, Iterations = p.Iterations };
                break;
            case ApiTokenIssued t:
                _tokensBySha[t.TokenSha256] = (t.TokenId, t.Username);
                _tokenShaById[t.TokenId] = t.TokenSha256;
                break;
            case ApiTokenRevoked r when _tokenShaById.Remove(r.TokenId, out var sha):
                _tokensBySha.Remove(sha);
                break;
            case CompanyRoleGranted g when _users.TryGetValue(g.Username, out var user):
            {
                var grants = new Dictionary<string, Grant>(user.Grants, StringComparer.Ordinal) { [g.CompanyId] = new Grant(g.CompanyId, g.Role, g.HolderId) };
                _users[g.Username] = user with { Grants = grants };
                break;
            }
            case CompanyRoleRevoked r when _users.TryGetValue(r.Username, out var user):
            {
                var grants = new Dictionary<string, Grant>(user.Grants, StringComparer.Ordinal);
                grants.Remove(r.CompanyId);
                _users[r.Username] = user with { Grants = grants };
                break;
            }
        }
    }
}
