using Proviso.Domain.Agreements.FirstRefusal;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>What a Transfer Notice can contain.</summary>
public enum NoticeElement
{
    /// <summary>"a description of the Equity Securities to be transferred (the 'Offered Shares')".</summary>
    OfferedShares,

    /// <summary>"the identity … of the prospective transferee".</summary>
    TransfereeIdentity,

    /// <summary>"the … address of the prospective transferee".</summary>
    TransfereeAddress,

    /// <summary>"the consideration".</summary>
    Consideration,

    /// <summary>"the material terms and conditions upon which the proposed Transfer is to be made".</summary>
    MaterialTerms,

    /// <summary>"shall certify that the Transferor has received a definitive offer … and in good faith believes a binding agreement … will be obtainable".</summary>
    Certification,

    /// <summary>"a copy of any written proposal, term sheet or letter of intent or other agreement relating to the proposed Transfer".</summary>
    WrittenProposals,
}

/// <summary>
/// ROFR s.2.2(i): the Transfer Notice "shall include (i) a description of the Equity Securities to be transferred …,
/// (ii) the identity and address of the prospective transferee and (iii) the consideration and the material terms and
/// conditions …. The Transfer Notice shall certify …. The Transfer Notice shall also include a copy of any written
/// proposal, term sheet or letter of intent".
/// <para>Interpretation: a notice that lacks any required element is not a Transfer Notice and starts no period; the
/// result lists every missing element with its words. Copies of written proposals are satisfied by attaching them or
/// by the notice stating that there is none ("a copy of any").</para>
/// </summary>
public static class TransferNoticeContent
{
    /// <summary>The requirements the notice does not meet (empty when it is complete).</summary>
    public static IReadOnlyList<NoticeRequirement> Missing(FirstRefusalTerms terms, IReadOnlyCollection<NoticeElement> includes) =>
        terms.NoticeContent.Where(r => !includes.Contains(r.Element)).ToList();
}
