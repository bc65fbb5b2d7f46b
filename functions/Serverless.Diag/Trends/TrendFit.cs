namespace Serverless.Diag.Trends;

/// <summary>
/// An ordinary least-squares line through (hours, value) points, with how much of the variation it explains (R²)
/// and the t statistic of its slope: a forecast is made only from a line the points actually follow.
/// </summary>
public sealed record TrendFit(double Slope, double Intercept, double RSquared, double SlopeT, int Points)
{
    public double At(double hours) => Intercept + (Slope * hours);

    /// <summary>Null for fewer than three points or no spread in time.</summary>
    public static TrendFit? Of(IReadOnlyList<(double Hours, double Value)> points)
    {
        var n = points.Count;
        if (n < 3)
        {
            return null;
        }

        var meanX = points.Average(p => p.Hours);
        var meanY = points.Average(p => p.Value);
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var (x, y) in points)
        {
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * (y - meanY);
            syy += (y - meanY) * (y - meanY);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        var residual = Math.Max(0, syy - (slope * sxy));
        var rSquared = syy <= 0 ? 0 : 1 - (residual / syy);
        // Standard error of the slope; a perfect line has none, and its t statistic is as large as can be.
        var standardError = Math.Sqrt(residual / (n - 2) / sxx);
        var t = standardError > 0 ? Math.Abs(slope) / standardError : (slope == 0 ? 0 : double.PositiveInfinity);
        return new TrendFit(slope, intercept, rSquared, t, n);
    }
}
