using System.Diagnostics;

namespace Serverless.Diag.TestKit.Browser;

/// <summary>The Nu Html Checker (the W3C validator, offline): HTML and CSS problems of local files, errors only.</summary>
public static class HtmlValidator
{
    /// <returns>One line per error ("file":line.col-line.col: error: message); empty when the files are valid.</returns>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        BrowserTools.Require(BrowserTools.ValidatorMissing);
        var start = new ProcessStartInfo(BrowserTools.Java!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-Xss4m", "-jar", BrowserTools.VnuJar!, "--errors-only", "--also-check-css", "--format", "gnu" }.Concat(files))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start java");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the validator did not finish within 3 minutes");
        }

        var lines = (await stdout + "\n" + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        if (process.ExitCode != 0 && errors.Count == 0)
        {
            errors.Add($"the validator exited {process.ExitCode}: {string.Join(" | ", lines)}");
        }

        return errors;
    }
}
