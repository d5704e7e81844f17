using NodaTime;
using Proviso.Application.Consortium;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Time;

namespace Proviso.Server.Notices;

/// <summary>
/// A consortium consent request: the act a member proposes, why the Agreement needs consent for it (the assessment's
/// reasons, each with its clause), the consents outstanding, and when each addressee is deemed to receive the request if
/// e-mailed at the moment of the request (Art. VII).
/// </summary>
public static class ConsortiumConsentRequests
{
    public static (NoticeDocument? Notice, string? Problem) Build(ConsortiumView view, string companyName, ActionAssessment assessment, DateTimeZone zone)
    {
        var s = view.State;
        var missing = assessment.Consents.Where(c => !c.Given).ToList();
        if (assessment.Permission != Permission.AllowedWithConsent || missing.Count == 0)
            return (null, assessment.Permission == Permission.Prohibited
                ? "The act is prohibited; a consent cannot make it allowed, so there is nothing to request."
                : "No consent is outstanding for this act; there is nothing to request.");
        var member = s.MemberOrHolder(assessment.MemberId)!;
        var blocks = new List<NoticeBlock>
        {
            new NoticeParagraph($"{member.Name} requests the {string.Join(" and ", missing.Select(c => (c.Prior ? "prior " : "") + (c.Written ? "written " : "") + "consent of " + c.Name))} to the following act, which the {view.Agreement.Title} permits only with that consent.", view.Terms.Actions[assessment.Action].Citation),
            new NoticeFacts([("Act", assessment.Title), ("By", $"{member.Name} ({member.Id})"), ("Proposed for", ConsortiumText.Moment(assessment.At, zone))]),
            new NoticeHeading("Why consent is needed"),
        };
        foreach (var r in assessment.Reasons) blocks.Add(new NoticeParagraph(r.Text, r.Citation));
        foreach (var o in assessment.Obligations) blocks.Add(new NoticeParagraph($"Obligation: {o}"));
        blocks.Add(new NoticeTable("Consents the act needs", ["Party", "Form", "Given", "Note"],
            assessment.Consents.Select(c => (IReadOnlyList<string>)[c.Name, (c.Prior ? "prior, " : "") + (c.Written ? "in writing" : "any form"), c.Given ? "yes" : "no", c.Note]).ToList(), [0.25f, 0.18f, 0.1f, 0.47f]));
        blocks.Add(new NoticeParagraph("Please reply in the form required. A consent in writing must be recorded as written to count; a prior consent must be given before the act."));

        var receipts = new List<NoticeReceiptLine>();
        foreach (var c in missing)
        {
            try
            {
                var effect = NoticeReceipt.Decide(s, c.PartyId, new NoticeDispatch(NoticeChannel.Email, assessment.At, assessment.At), null);
                receipts.Add(new NoticeReceiptLine(c.Name, "email", ConsortiumText.Moment(assessment.At, effect.Main.Zone), $"{effect.EffectiveOn:yyyy-MM-dd} ({effect.Main.Zone.Id})", effect.Explanation, view.Terms.Notices.Citation));
            }
            catch (ArgumentException ex)
            {
                receipts.Add(new NoticeReceiptLine(c.Name, "email", ConsortiumText.Moment(assessment.At, zone), "cannot be decided", ex.Message, view.Terms.Notices.Citation));
            }
        }
        return (new NoticeDocument("consortium-consent-request", "Request for Consent", companyName,
            $"{view.Agreement.Title} dated {s.AgreementDate:d MMMM yyyy}", ConsortiumText.Moment(assessment.At, zone), member.Name,
            missing.Select(c => c.Name).ToList(), blocks, receipts, "If e-mailed at the moment of the request, each addressee is deemed to receive it as follows",
            assessment.Citations) { FileName = $"consent-request-{assessment.MemberId}-{assessment.Action}" }, null);
    }
}
