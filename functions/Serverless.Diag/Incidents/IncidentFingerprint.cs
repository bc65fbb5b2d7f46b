namespace Serverless.Diag.Incidents;

/// <summary><c>environment/check</c>: the identity of an incident across runs, hosts and sinks.</summary>
public static class IncidentFingerprint
{
    /// <summary>The check name used for an environment-level (alert storm) incident.</summary>
    public const string StormCheck = "*";

    public static string Of(string environment, string check) => $"{environment}/{check}";

    public static string Storm(string environment) => Of(environment, StormCheck);
}
