using System.Text.Json;
using NodaTime;
using Proviso.Application.Consortium;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Application.Tests.ConsortiumFlow;

public class ConsortiumApplicationTests
{
    private static string TermsPath => Path.Combine(CloopenExample.Directory, "terms", "consortium-2025.yaml");

    private static readonly DateTimeZone Hk = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];

    private static Instant At(int y, int m, int d, int h = 0) => Hk.AtStrictly(new LocalDateTime(y, m, d, h, 0)).ToInstant();

    private static CloopenExample WithConsortium()
    {
        var example = new CloopenExample();
        var text = File.ReadAllText(TermsPath);
        example.Do(new RecordAgreementTerms(TermsPath, text, new LocalDate(2025, 12, 22)));
        return example;
    }

    [Fact]
    public void ExampleTerms_ConsortiumAgreement_LoadWithEveryElementCited()
    {
        var a = TermsLoader.Load(TermsPath);
        var t = Assert.IsType<ConsortiumTerms>(a.Mechanisms["consortium"]);
        Assert.Equal(["CN", "HK", "KY", "US-FED"], a.BusinessDay!.Jurisdictions);
        Assert.True(a.BusinessDay.ExcludeWeekends);
        Assert.Equal(2, t.InitialParties.Count);
        Assert.Equal(12, t.Exclusivity.Period.Count);
        Assert.Equal("Asia/Hong_Kong", t.Exclusivity.Zone.Id);
        Assert.Equal(24, t.Confidentiality.Period.Count);
        Assert.False(t.Notices.CopyIsConditionOfEffectiveness);
        Assert.Equal(new LocalTime(17, 0), t.Notices.Cutoff);
        Assert.Equal(4, t.Notices.Addresses.Count);
        Assert.All(t.Actions.Values, r => Assert.False(string.IsNullOrWhiteSpace(r.Citation.Section)));
        Assert.Contains("transfer-securities", t.Actions.Keys);
        Assert.Equal(3, t.Actions["transfer-securities"].Carveouts.Count);
    }

    [Fact]
    public void Terms_ActionWithoutCite_IsALocatedError()
    {
        var text = File.ReadAllText(TermsPath).Replace("      announce:\n        title: Issue an announcement regarding the subject matter of the Agreement\n        cite:", "      announce:\n        title: Issue an announcement regarding the subject matter of the Agreement\n        note:", StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => TermsLoader.Parse("consortium.yaml", text));
        Assert.Contains("action 'announce' has no 'cite'", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Location);
    }

    [Fact]
    public void Terms_AdditionalSponsorNamedInTheTerms_IsRejected()
    {
        var text = File.ReadAllText(TermsPath).Replace("role: initial-sponsor", "role: additional-sponsor", StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => TermsLoader.Parse("consortium.yaml", text));
        Assert.Contains("Deed of Adherence", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompanyDecider_ConsortiumCommands_AreDecidedAgainstTheRecordedTerms()
    {
        var example = WithConsortium();
        example.Do(new RecordCommitment("initial-sponsor", new Money(150_000_000m, Currency.USD), ShareCount.Zero, null) { AgreementId = "consortium-2025", At = At(2026, 1, 5, 10) });
        var refused = Assert.IsType<Decision.Rejected>(CompanyDecider.Decide(example.Timeline,
            new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", "ceo-entity") { AgreementId = "consortium-2025", At = At(2026, 2, 1) }));
        Assert.Equal("consortium.admission-not-by-initial-sponsor", Assert.Single(refused.Reasons).RuleId);
        var view = ConsortiumLedger.Load(example.Timeline, null);
        Assert.Equal(new Money(150_000_000m, Currency.USD), view.State.Commitments["initial-sponsor"].EquityCommitment);
    }

    [Fact]
    public void CompanyDecider_UnknownConsortium_IsRefused()
    {
        var example = new CloopenExample();
        var r = Assert.IsType<Decision.Rejected>(CompanyDecider.Decide(example.Timeline, new RecordClosing { AgreementId = "consortium-2025", At = At(2026, 1, 5) }));
        Assert.Equal("consortium.unknown-agreement", Assert.Single(r.Reasons).RuleId);
    }

    [Fact]
    public void Status_AsOf21November2026_ExclusivityEndsAtTheEndOf22December2026()
    {
        var view = ConsortiumLedger.Load(WithConsortium().Timeline, "consortium-2025");
        var at = ConsortiumStatus.EndOf(view.State, new LocalDate(2026, 11, 21));
        var json = JsonSerializer.Serialize(ConsortiumStatus.Data(view, new LocalDate(2026, 11, 21), at));
        using var doc = JsonDocument.Parse(json);
        var ex = doc.RootElement.GetProperty("exclusivity");
        Assert.Equal("2026-12-22", ex.GetProperty("lastDay").GetString());
        Assert.Equal("2026-12-23T00:00:00+08:00", ex.GetProperty("endsAt").GetString());
        Assert.True(doc.RootElement.GetProperty("inForce").GetBoolean());
        Assert.Equal("5.01(b)(i)", doc.RootElement.GetProperty("scheduledTermination").GetProperty("clause").GetString());
    }

    [Fact]
    public async Task Scenario_WorkedExample_RunsAsExpectedWithTheAgreementsFacts()
    {
        var path = Path.Combine(CloopenExample.Directory, "scenarios", "consortium-exclusivity.yaml");
        var result = await ScenarioRunner.RunAsync(path);
        Assert.True(result.AllAsExpected);
        Assert.True(result.LedgerIntact);
        Assert.True(result.Report.ContainsKey("consortium"));
        var lines = result.Report["consortium"].Lines;
        Assert.Contains(lines, l => l.Contains("first moment outside is 2026-12-23 00:00 (Asia/Hong_Kong)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ceo-entity USD 141666.67, initial-sponsor USD 708333.33", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("approach-1 to ceo-entity: NotifiedPromptly", StringComparison.Ordinal));
        var refused = result.Steps.Single(s => !s.Accepted);
        Assert.Equal("consortium.admission-not-by-initial-sponsor", Assert.Single(refused.Reasons).Rule);
    }
}
