namespace Serverless.Diag.Probes.Kit;

/// <summary><c>follow_redirects:</c> <c>true</c> (any origin, without the check's credentials elsewhere), <c>same-origin</c>, <c>false</c>.</summary>
public enum RedirectPolicy
{
    None,
    SameOrigin,
    Any,
}
