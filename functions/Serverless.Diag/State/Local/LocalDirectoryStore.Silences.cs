using System.Text.Json;
using Serverless.Diag.Silences;

namespace Serverless.Diag.State.Local;

/// <summary>Silences in <c>silences.json</c> at the store's root, read and written under the store's lock.</summary>
public sealed partial class LocalDirectoryStore : ISilenceStore
{
    private string SilencesPath => Path.Combine(_root, "silences.json");

    public async Task<IReadOnlyList<Silence>> ListSilencesAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        return [.. (await ReadSilencesAsync(cancellationToken)).Select(d => d.ToSilence()).OfType<Silence>()];
    }

    public async Task AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var kept = (await ReadSilencesAsync(cancellationToken))
            .Where(d => d.Id != silence.Id && d.ToSilence() is { } s && s.Until > now.AddDays(-1))
            .Append(SilenceDocument.From(silence))
            .ToList();
        await WriteSilencesAsync(kept, cancellationToken);
    }

    public async Task<Silence?> RecordPassesAsync(string id, IReadOnlyCollection<string> checks, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var all = await ReadSilencesAsync(cancellationToken);
        var document = all.Find(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
        if (document is null)
        {
            return null;
        }

        var passed = (document.Passed ?? []).Union(checks, StringComparer.Ordinal).ToList();
        if (passed.Count != (document.Passed?.Count ?? 0))
        {
            document.Passed = passed;
            await WriteSilencesAsync(all, cancellationToken);
        }

        return document.ToSilence();
    }

    public async Task<bool> RemoveSilenceAsync(string id, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var all = await ReadSilencesAsync(cancellationToken);
        var kept = all.Where(d => !string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count == all.Count)
        {
            return false;
        }

        await WriteSilencesAsync(kept, cancellationToken);
        return true;
    }

    private async Task<List<SilenceDocument>> ReadSilencesAsync(CancellationToken cancellationToken)
    {
        // An unreadable file silences nothing: a run must not go quiet because of a corrupt file.
        var document = await TryReadAsync(SilencesPath, SilenceJson.Default.SilenceFileDocument, cancellationToken);
        return document is { Version: SilenceJson.CurrentVersion } ? document.Silences ?? [] : [];
    }

    private Task WriteSilencesAsync(List<SilenceDocument> silences, CancellationToken cancellationToken)
    {
        var document = new SilenceFileDocument { Silences = silences };
        return AtomicFile.WriteAsync(SilencesPath, s => JsonSerializer.SerializeAsync(s, document, SilenceJson.Default.SilenceFileDocument, cancellationToken), cancellationToken);
    }
}
