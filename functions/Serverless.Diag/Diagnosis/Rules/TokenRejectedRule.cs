namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// A 401 whose answer says why: the token expired, or its signature does not verify (signed with another key). A 401
/// without such a message (no token, wrong scheme) is not this cause.
/// </summary>
internal sealed class TokenRejectedRule : CauseRule
{
    public override string Id => "token-rejected";

    public override string Cause => "token or signing key mismatch";

    public override string Source =>
        Guides.Section(Guides.ToolboxAi, "Common Issues › 3. Authentication Failures") + "; " +
        Guides.Section(Guides.Generic, "Authentication/Authorization Failures › Symptom: \"401 Unauthorized\" or \"403 Forbidden\"");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Decode the token the check sends (jwt.decode with the service's JWT_SECRET_KEY and JWT_ALGORITHM): ExpiredSignatureError means a stale token, InvalidSignatureError a key the service does not use.",
        "An expired token: mint a new one for the monitor (a service account with a long-lived or refreshed token) and make sure the clocks are synchronised.",
        "A signature mismatch: the service's JWT_SECRET_KEY (or signing certificate) was rotated or differs between instances; align it with the issuer's.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        if (symptom.HttpStatus != 401)
        {
            return NoMatch(symptom.HttpStatus is { } status ? $"the answer is {status}, not 401" : "no HTTP 401 answer");
        }

        if (symptom.Find(Signatures.TokenExpired()) is { } expired)
        {
            return Match($"401: {expired.Match.Value}", [expired.Line], cause: "access token expired");
        }

        if (symptom.Find(Signatures.TokenSignature()) is { } signature)
        {
            return Match($"401: {signature.Match.Value}", [signature.Line], cause: "token signed with another key (signing key mismatch)");
        }

        return NoMatch("the 401 carries no expiry or signature message (a missing token or another scheme is not this cause)");
    }
}
