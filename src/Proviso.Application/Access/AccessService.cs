using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Proviso.Domain.Access;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Application.Access;

/// <summary>What a request wants to do with a company's data.</summary>
public enum Need
{
    /// <summary>Read the company's data (a holder reads only what concerns it).</summary>
    Read,
    /// <summary>Record a process step (an election, a notice): counsel and admins for anyone; a holder only for itself.</summary>
    Act,
    /// <summary>Change the register, terms or access: company admins.</summary>
    Administer,
}

/// <summary>The decision for one request: allowed (with the grant it rests on), or refused with the reason.</summary>
public sealed record AccessDecision(bool Allowed, string Reason, Grant? Grant, bool IsAdministrator)
{
    /// <summary>For a holder-role user: the holder it acts for; null for roles that see everything.</summary>
    public string? OnlyHolder => IsAdministrator || Grant is null || Grant.Role != CompanyRole.Holder ? null : Grant.HolderId;
}

/// <summary>
/// Users, passwords, API tokens and per-company roles, kept as events in the store's access ledger (so every change
/// of access is itself on a verifiable, append-only record). Passwords are PBKDF2-SHA256 hashes.
/// </summary>
public sealed class AccessService(IEventStore store, int iterations = AccessService.DefaultIterations)
{
    public const string LedgerId = "_access";
    public const int DefaultIterations = 210_000;

    public async Task<AccessState> LoadAsync(CancellationToken ct = default)
    {
        var state = new AccessState();
        await foreach (var e in store.ReadAsync(LedgerId, 0, ct)) state.Apply(EventCodec.Deserialize(e));
        return state;
    }

    /// <summary>
    /// The access state as of <see cref="Version"/> (the access ledger's last sequence it includes), and the store's
    /// change stamp that vouches it is current (null: ask for the version).
    /// </summary>
    private sealed record Snapshot(long Version, AccessState State, long? Stamp);

    private Snapshot? _current;

    /// <summary>
    /// The access state as of now, shared: kept in memory and rebuilt only when the access ledger's version has moved,
    /// so every grant, revocation and new token recorded before the call is in it. Read-only to the caller. Thread-safe;
    /// one snapshot per <see cref="AccessService"/> (the server's is a singleton).
    /// <para>The version is asked for (one indexed query) unless the store has a change stamp
    /// (<see cref="IChangeStampedStore"/>) that has not moved since the snapshot was vouched for: equal stamps mean
    /// nothing at all was committed to the store in between, by this process or any other.</para>
    /// </summary>
    public async ValueTask<AccessState> CurrentAsync(CancellationToken ct = default)
    {
        long? stamp = store is IChangeStampedStore stamped && stamped.TryReadChangeStamp(out var s) ? s : null;
        var cached = Volatile.Read(ref _current);
        if (stamp is not null && cached is not null && cached.Stamp == stamp) return cached.State;
        var version = await store.CurrentVersionAsync(LedgerId, ct);
        if (cached is not null && cached.Version == version)
        {
            // The stamp was read before the version query, so it vouches for this version until it changes.
            if (cached.Stamp != stamp) Publish(cached with { Stamp = stamp });
            return cached.State;
        }
        var state = new AccessState();
        long last = 0;
        await foreach (var e in store.ReadAsync(LedgerId, 0, ct))
        {
            state.Apply(EventCodec.Deserialize(e));
            last = e.Sequence;
        }
        return Publish(new Snapshot(last, state, stamp)).State;
    }

    /// <summary>Publishes <paramref name="fresh"/> unless a later one is published already; returns the one published.</summary>
    private Snapshot Publish(Snapshot fresh)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen is not null && seen.Version > fresh.Version) return fresh;
            if (Interlocked.CompareExchange(ref _current, fresh, seen) == seen) return fresh;
        }
    }

    public async Task<bool> AnyUserAsync(CancellationToken ct = default) => await store.CurrentVersionAsync(LedgerId, ct) > 0;

    public async Task<User?> VerifyPasswordAsync(string username, string password, CancellationToken ct = default)
    {
        var state = await LoadAsync(ct);
        if (!state.Users.TryGetValue(username, out var user)) return null;
        var hash = Hash(password, Convert.FromBase64String(user.Salt), user.Iterations);
        return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(user.PasswordHash)) ? user : null;
    }

    public async Task<User?> UserForTokenAsync(string token, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).UserForToken(TokenSha(token));

    public async Task CreateUserAsync(string username, string displayName, string password, bool administrator, Instant now, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(username) || username.Any(char.IsWhiteSpace)) throw new InputException(null, "a username needs at least one character and no spaces");
        if (password.Length < 12) throw new InputException(null, "a password needs at least 12 characters");
        var state = await LoadAsync(ct);
        if (state.Users.ContainsKey(username)) throw new InputException(null, $"user '{username}' already exists");
        var salt = RandomNumberGenerator.GetBytes(16);
        await AppendAsync(new UserCreated(username, displayName, Convert.ToBase64String(Hash(password, salt, iterations)), Convert.ToBase64String(salt), iterations, administrator) { EffectiveOn = Today(now) }, now, ct);
    }

    /// <summary>Issues an API token for a user and returns it; only its SHA-256 is stored, so it is shown once.</summary>
    public async Task<string> IssueTokenAsync(string username, string label, Instant now, CancellationToken ct = default)
    {
        var state = await LoadAsync(ct);
        if (!state.Users.ContainsKey(username)) throw new InputException(null, $"there is no user '{username}'");
        var token = "pv_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await AppendAsync(new ApiTokenIssued(Guid.NewGuid().ToString("N"), username, TokenSha(token), label) { EffectiveOn = Today(now) }, now, ct);
        return token;
    }

    public async Task GrantAsync(string username, string companyId, CompanyRole role, string? holderId, Instant now, CancellationToken ct = default)
    {
        var state = await LoadAsync(ct);
        if (!state.Users.ContainsKey(username)) throw new InputException(null, $"there is no user '{username}'");
        if (role == CompanyRole.Holder && string.IsNullOrWhiteSpace(holderId)) throw new InputException(null, "a holder role names the holder the user acts for");
        await AppendAsync(new CompanyRoleGranted(username, companyId, role, role == CompanyRole.Holder ? holderId : null) { EffectiveOn = Today(now) }, now, ct);
    }

    /// <summary>
    /// The access rule: administrators may do anything; a company admin anything for its company; counsel may read and
    /// act; a holder may read (its own view) and act only for itself; a viewer may only read. No grant, no access.
    /// </summary>
    public static AccessDecision Decide(User user, string companyId, Need need, string? actingForHolder = null)
    {
        if (user.IsAdministrator) return new(true, "administrator", null, true);
        if (!user.Grants.TryGetValue(companyId, out var grant)) return new(false, $"'{user.Username}' has no role for company '{companyId}'", null, false);
        var ok = (grant.Role, need) switch
        {
            (CompanyRole.CompanyAdmin, _) => true,
            (CompanyRole.Counsel, Need.Read or Need.Act) => true,
            (CompanyRole.Holder, Need.Read) => true,
            (CompanyRole.Holder, Need.Act) => actingForHolder is null || actingForHolder == grant.HolderId,
            (CompanyRole.Viewer, Need.Read) => true,
            _ => false,
        };
        var reason = ok ? grant.Role.ToString()
            : grant.Role == CompanyRole.Holder && need == Need.Act ? $"'{user.Username}' acts only for holder '{grant.HolderId}', not '{actingForHolder}'"
            : $"the {Describe(grant.Role)} role cannot {(need == Need.Administer ? "administer the company" : "record steps")}";
        return new(ok, reason, grant, false);
    }

    private static string Describe(CompanyRole role) => role switch
    {
        CompanyRole.CompanyAdmin => "company admin",
        _ => role.ToString().ToLowerInvariant(),
    };

    private async Task AppendAsync(LedgerEvent e, Instant now, CancellationToken ct)
    {
        var outcome = await store.AppendAsync(LedgerId, null, [EventCodec.ToEntry(e, now, "proviso", null, e.GetType().Name)], ct);
        if (outcome is not AppendOutcome.Appended) throw new InvalidOperationException("the access ledger did not accept the entry");
    }

    private static LocalDate Today(Instant now) => now.InUtc().Date;

    private static byte[] Hash(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    public static string TokenSha(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Length of <see cref="TokenSha(string)"/>'s text: 64 hex digits.</summary>
    public const int TokenShaLength = 2 * SHA256.HashSizeInBytes;

    /// <summary>
    /// <see cref="TokenSha(string)"/> written into <paramref name="sha"/> (<see cref="TokenShaLength"/> characters) for a
    /// token of up to 256 UTF-8 bytes, without allocating; false for a longer one (which no issued token is).
    /// </summary>
    public static bool TryTokenSha(ReadOnlySpan<char> token, Span<char> sha)
    {
        Span<byte> utf8 = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(token.Length) > utf8.Length && Encoding.UTF8.GetByteCount(token) > utf8.Length) return false;
        var length = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return Convert.TryToHexStringLower(hash, sha, out var written) && written == TokenShaLength;
    }
}
