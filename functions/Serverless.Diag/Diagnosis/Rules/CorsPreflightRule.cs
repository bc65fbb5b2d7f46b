namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// A CORS preflight (OPTIONS with Origin or Access-Control-Request-Method) answered without
/// <c>access-control-allow-origin</c>: the browser will refuse the real request. Other requests never carry the header
/// unless asked, so its absence there is not this cause.
/// </summary>
internal sealed class CorsPreflightRule : CauseRule
{
    public const string AllowOrigin = "access-control-allow-origin";

    public override string Id => "cors-origin-not-allowed";

    public override string Cause => "CORS: the origin is not allowed";

    public override string Source => Guides.Section(Guides.ToolboxAi, "Common Issues › 3. Authentication Failures (Verify CORS settings for authentication endpoints)");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Add the frontend's origin (scheme, host and port exactly) to the CORS middleware's allowed origins, and the method to its allowed methods.",
        "Repeat the preflight by hand: curl -X OPTIONS -H \"Origin: <frontend>\" -H \"Access-Control-Request-Method: POST\" -i <url>",
        "A proxy or gateway in front may answer OPTIONS itself and drop the headers: test the service directly too.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        var isPreflight = symptom.Method == "OPTIONS" &&
            symptom.RequestHeaders.Any(h => h.Equals("Origin", StringComparison.OrdinalIgnoreCase) || h.Equals("Access-Control-Request-Method", StringComparison.OrdinalIgnoreCase));
        if (!isPreflight)
        {
            return NoMatch(symptom.Type == "http" ? $"not a CORS preflight ({symptom.Method ?? "GET"} without Origin/Access-Control-Request-Method)" : "not an HTTP request");
        }

        if (!symptom.HasResponseHeaders)
        {
            return NoMatch("the preflight got no response (its error is the cause to look at)");
        }

        if (symptom.ResponseHeader(AllowOrigin) is { } allowed)
        {
            return NoMatch($"the preflight answer carries {AllowOrigin}: {CheckFacts.Shorten(allowed, 80)}");
        }

        var status = symptom.HttpStatus is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "an answer";
        return Match(
            $"preflight answered {status} without {AllowOrigin}",
            [new EvidenceLine(symptom.Name, $"OPTIONS preflight answered {status}; response headers have no {AllowOrigin}")]);
    }
}
