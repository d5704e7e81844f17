namespace Proviso.Domain.Quantities;

/// <summary>An ISO 4217 currency: its three-letter code and its minor unit (number of decimal places).</summary>
public sealed record Currency
{
    private static readonly Dictionary<string, (int MinorUnits, string Name)> Known = new(StringComparer.Ordinal)
    {
        ["USD"] = (2, "US Dollar"),
        ["CNY"] = (2, "Yuan Renminbi"),
        ["HKD"] = (2, "Hong Kong Dollar"),
        ["KYD"] = (2, "Cayman Islands Dollar"),
        ["EUR"] = (2, "Euro"),
        ["GBP"] = (2, "Pound Sterling"),
        ["JPY"] = (0, "Yen"),
        ["SGD"] = (2, "Singapore Dollar"),
        ["KRW"] = (0, "Won"),
        ["CHF"] = (2, "Swiss Franc"),
        ["AUD"] = (2, "Australian Dollar"),
        ["CAD"] = (2, "Canadian Dollar"),
    };

    public string Code { get; }
    public int MinorUnits { get; }
    public string Name { get; }

    private Currency(string code, int minorUnits, string name)
    {
        Code = code;
        MinorUnits = minorUnits;
        Name = name;
    }

    public static Currency USD { get; } = Of("USD");
    public static Currency CNY { get; } = Of("CNY");
    public static Currency HKD { get; } = Of("HKD");

    public static bool TryOf(string? code, out Currency currency)
    {
        currency = null!;
        if (code is null) return false;
        var normal = code.Trim().ToUpperInvariant();
        if (!Known.TryGetValue(normal, out var info)) return false;
        currency = new Currency(normal, info.MinorUnits, info.Name);
        return true;
    }

    public static Currency Of(string code) =>
        TryOf(code, out var c) ? c : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency code (known: {string.Join(", ", Known.Keys)}).", nameof(code));

    public static IEnumerable<string> SupportedCodes => Known.Keys;

    public override string ToString() => Code;
}
