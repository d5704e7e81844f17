using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Tests.Shared;

/// <summary>
/// Every public property of a transfer process as text, lists and maps item by item (found by reflection, so a property
/// added later is compared too): two processes with equal states hold the same. Shared by the test projects (linked).
/// </summary>
internal static class TransferProcessState
{
    public static List<string> Of(TransferProcess p) =>
        typeof(TransferProcess).GetProperties().Where(x => x.GetIndexParameters().Length == 0).Select(x => x.GetValue(p) switch
        {
            string text => $"{x.Name}={text}",
            System.Collections.IEnumerable items => $"{x.Name}=[{string.Join(", ", items.Cast<object?>().Select(i => i?.ToString()))}]",
            var value => $"{x.Name}={value}",
        }).ToList();
}
