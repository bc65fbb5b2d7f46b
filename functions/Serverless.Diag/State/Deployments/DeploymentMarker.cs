using System.Globalization;

namespace Serverless.Diag.State.Deployments;

/// <summary>What was deployed: the commit, its ref and the pull request it came from (each optional but the commit).</summary>
public sealed record Deployment(string Sha, string? Ref, int? PullRequest)
{
    /// <summary><c>abc1234</c>: a commit as people quote it.</summary>
    public string ShortSha => Sha.Length > 7 && Sha.All(char.IsAsciiHexDigit) ? Sha[..7] : Sha;

    /// <summary><c>abc1234 (PR #42)</c>.</summary>
    public override string ToString() =>
        PullRequest is { } pr ? $"{ShortSha} (PR #{pr.ToString(CultureInfo.InvariantCulture)})" : ShortSha;
}

/// <summary>A deployment recorded in the state store for one environment, at the store's time.</summary>
public sealed record DeploymentMarker(string Environment, Deployment Deployment, DateTimeOffset Time);

/// <summary>
/// A failing check whose failure began soon after a deployment: "first failed 12 minutes after deploy abc1234 (PR #42)".
/// </summary>
public sealed record DeployLink(Deployment Deployment, DateTimeOffset DeployedAt, DateTimeOffset FirstFailedAt)
{
    public int MinutesAfter => (int)Math.Max(0, Math.Floor((FirstFailedAt - DeployedAt).TotalMinutes));

    public string Describe() =>
        $"first failed {MinutesAfter.ToString(CultureInfo.InvariantCulture)} minute{(MinutesAfter == 1 ? "" : "s")} after deploy {Deployment}";

    /// <summary>The latest deployment at or before the first failure, if the failure began within <paramref name="window"/> of it.</summary>
    public static DeployLink? Find(IEnumerable<DeploymentMarker> markers, DateTimeOffset firstFailed, TimeSpan window) =>
        markers
            .Where(m => m.Time <= firstFailed && firstFailed - m.Time <= window)
            .OrderByDescending(m => m.Time)
            .Select(m => new DeployLink(m.Deployment, m.Time, firstFailed))
            .FirstOrDefault();
}
