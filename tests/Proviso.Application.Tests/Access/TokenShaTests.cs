using Proviso.Application.Access;
using Proviso.Domain.Access;
using Proviso.Domain.Ledger;

namespace Proviso.Application.Tests.Access;

/// <summary>The token check on every API request hashes the token into a buffer and looks it up without a string.</summary>
public sealed class TokenShaTests
{
    [Theory]
    [InlineData("pv_abc")]
    [InlineData("pv_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP")]
    [InlineData("")]
    [InlineData("pv_Zoë_中文_😀")]
    public void TryTokenSha_SameDigitsAsTokenSha(string token)
    {
        Span<char> sha = stackalloc char[AccessService.TokenShaLength];
        Assert.True(AccessService.TryTokenSha(token, sha));
        Assert.Equal(AccessService.TokenSha(token), sha.ToString());
    }

    [Fact]
    public void TryTokenSha_256BytesFits_257DoesNot()
    {
        Span<char> sha = stackalloc char[AccessService.TokenShaLength];
        Assert.True(AccessService.TryTokenSha(new string('a', 256), sha));
        Assert.Equal(AccessService.TokenSha(new string('a', 256)), sha.ToString());
        Assert.False(AccessService.TryTokenSha(new string('a', 257), sha));
        Assert.False(AccessService.TryTokenSha(new string('é', 129), sha)); // 258 bytes
    }

    [Fact]
    public void UserForToken_BySpan_AsByString()
    {
        var state = new AccessState();
        state.Apply(new UserCreated("ann", "Ann", "hash", "salt", 1000, false) { EffectiveOn = new NodaTime.LocalDate(2026, 11, 22) });
        state.Apply(new ApiTokenIssued("t1", "ann", AccessService.TokenSha("pv_ann"), "script") { EffectiveOn = new NodaTime.LocalDate(2026, 11, 22) });
        Span<char> sha = stackalloc char[AccessService.TokenShaLength];
        AccessService.TryTokenSha("pv_ann", sha);

        Assert.Equal("ann", state.UserForToken(sha)?.Username);
        Assert.Same(state.UserForToken(AccessService.TokenSha("pv_ann")), state.UserForToken(sha));
        AccessService.TryTokenSha("pv_bob", sha);
        Assert.Null(state.UserForToken(sha));
    }
}
