namespace Proviso.Domain.Time;

/// <summary>
/// What happens when a period ends on a day that is not a business day. The terms must say which; the default is
/// <see cref="None"/> because a period does not move unless the agreement says it does.
/// </summary>
public enum RollConvention
{
    /// <summary>The period ends when it ends, business day or not.</summary>
    None,

    /// <summary>Move to the next business day.</summary>
    Following,

    /// <summary>Move to the previous business day.</summary>
    Preceding,

    /// <summary>Move to the next business day, unless that is in the next month; then move to the previous business day.</summary>
    ModifiedFollowing,
}

/// <summary>How adding months treats a start date at or near the end of a month. Always stated, never implied.</summary>
public enum MonthEndRule
{
    /// <summary>Same day number; if the target month is shorter, the last day of that month (31 January + 1 month = 29 February 2024; 30 April + 1 month = 30 May).</summary>
    ClampToLastDay,

    /// <summary>As <see cref="ClampToLastDay"/>, except that a start on the last day of its month ends on the last day of the target month (30 April + 1 month = 31 May).</summary>
    EndOfMonthStaysEndOfMonth,
}
