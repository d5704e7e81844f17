using NodaTime;

namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using static Cmd;

/// <summary>
/// A small register with the Cloopen example's real Series F figures: Tencent 11,799,686 (half: 5,899,843), New Oriental
/// 7,635,090 (half: 3,817,545), PAC 2,000,000, and the CVC Warrant for 11,799,685 Series F. The warrant's exercise window
/// (2021-05-13 to 2025-11-13) is illustrative, chosen for the boundary tests.
/// </summary>
internal static class CloopenFixture
{
    public static readonly LocalDate Incorporated = D(2014, 1, 1);
    public static readonly LocalDate Closing = D(2020, 11, 13);
    public static readonly LocalDate WarrantExercisableFrom = D(2021, 5, 13);
    public static readonly LocalDate WarrantExpiresOn = D(2025, 11, 13);

    public const long Tencent = 11_799_686;
    public const long NewOriental = 7_635_090;
    public const long Pac = 2_000_000;
    public const long CvcWarrant = 11_799_685;
    public const long Founders = 60_000_000;

    public static RegisterBuilder Build() =>
        new RegisterBuilder()
            .Company(Incorporated)
            .Ordinary("class-a", Incorporated)
            .Holder("cloopen-co", Incorporated)
            .Issue("cloopen-co", "class-a", Founders, Incorporated)                // class-a-0001
            .Preferred("series-f", "class-a", Fraction.One, Closing)
            .Holders(Closing, "tencent", "new-oriental", "pac", "cvc")
            .Issue("tencent", "series-f", Tencent, Closing)                        // series-f-0001
            .Issue("new-oriental", "series-f", NewOriental, Closing)               // series-f-0002
            .Issue("pac", "series-f", Pac, Closing)                                // series-f-0003
            .Warrant("cvc-warrant", "cvc", "series-f", CvcWarrant, Closing, WarrantExercisableFrom, WarrantExpiresOn);
}
