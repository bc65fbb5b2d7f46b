namespace Serverless.Diag.Incidents;

/// <summary><c>environment/check</c>: the identity of an incident across runs, hosts and sinks.</summary>
public static class IncidentFingerprint
{
    /// <summary>The check name used for an environment-level (alert storm) incident.</summary>
    public const string StormCheck = "*";

    public static string Of(string environment, string check) => $"{environment}/{check}";

    public static string Storm(string environment) => Of(environment, StormCheck);

    /// <summary>The suffix of a check's "degrading" incident: a forecast, distinct from the check's outage incident.</summary>
    public const string DegradingSuffix = "~degrading";

    /// <summary><c>environment/check~degrading</c>: the P3 incident of a measurement forecast to reach its limit.</summary>
    public static string Degrading(string environment, string check) => Of(environment, check) + DegradingSuffix;
}
