namespace Proviso.Storage;

/// <summary>
/// One schema change. A store applies, in one transaction each and in <see cref="Version"/> order, every migration
/// whose version is above the highest one recorded in its <c>schema_version</c> table, and records it there; a
/// migration that is already recorded is never run again.
/// </summary>
internal sealed record Migration(int Version, string Description, string Sql);
