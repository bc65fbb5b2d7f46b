namespace Serverless.Diag.Configuration;

/// <summary>The <c>state:</c> block: how long the run history is kept in the state store.</summary>
public sealed record StateSettings
{
    public static TimeSpan DefaultRetention { get; } = TimeSpan.FromDays(30);

    /// <summary>History rows older than this are deleted as runs go.</summary>
    public TimeSpan Retention { get; init; } = DefaultRetention;

    public static TimeSpan DefaultDeployWindow { get; } = TimeSpan.FromHours(2);

    /// <summary>A check whose failure began this long after a recorded deployment is linked to it in its incident.</summary>
    public TimeSpan DeployWindow { get; init; } = DefaultDeployWindow;
}
