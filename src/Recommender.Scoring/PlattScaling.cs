namespace Recommender.Scoring;

/// <summary>
/// Platt scaling: P(positive | score) = 1 / (1 + exp(-(Slope · score + Intercept))). A record, so it serialises
/// to JSON as <c>{"Slope":…,"Intercept":…}</c>.
/// </summary>
/// <remarks>
/// J. Platt, "Probabilistic outputs for support vector machines", 1999, fitted with the Newton method and
/// backtracking line search of H.-T. Lin, C.-J. Lin and R. Weng, "A note on Platt's probabilistic outputs for
/// support vector machines", Machine Learning 68, 2007. Platt's smoothed targets keep the fit finite on
/// separable data. The loop has no randomness, so the same data give the same parameters.
/// </remarks>
public sealed record PlattScaling(double Slope, double Intercept) : IProbabilityCalibrator
{
    private const int MaxIterations = 100;
    private const double MinStep = 1e-10;

    /// <summary>Platt scaling that leaves the logistic link of the score unchanged (P = σ(score)).</summary>
    public static PlattScaling Identity { get; } = new(1, 0);

    public float Probability(float score) => (float)Sigmoid((Slope * score) + Intercept);

    /// <summary>Fits the parameters on held-out scores and their labels (true = positive).</summary>
    public static PlattScaling Fit(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var (positives, negatives) = CalibrationInput.Check(scores, labels);
        double highTarget = (positives + 1.0) / (positives + 2.0);
        double lowTarget = 1.0 / (negatives + 2.0);

        double a = 0;
        double b = Math.Log((positives + 1.0) / (negatives + 1.0));
        double loss = Loss(scores, labels, a, b, highTarget, lowTarget);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Gradient and Hessian of the cross-entropy in (a, b), z = a·s + b.
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            for (int i = 0; i < scores.Length; i++)
            {
                double s = scores[i];
                double p = Sigmoid((a * s) + b);
                double residual = p - (labels[i] ? highTarget : lowTarget);
                double w = p * (1 - p);
                ga += residual * s;
                gb += residual;
                haa += w * s * s;
                hab += w * s;
                hbb += w;
            }

            if (Math.Abs(ga) < 1e-9 * scores.Length && Math.Abs(gb) < 1e-9 * scores.Length)
                break;

            double det = (haa * hbb) - (hab * hab);
            double da = -((hbb * ga) - (hab * gb)) / det;
            double db = -((haa * gb) - (hab * ga)) / det;
            double slope = (ga * da) + (gb * db);

            double step = 1;
            while (step >= MinStep)
            {
                double candidate = Loss(scores, labels, a + (step * da), b + (step * db), highTarget, lowTarget);
                if (candidate < loss + (1e-4 * step * slope))
                {
                    a += step * da;
                    b += step * db;
                    loss = candidate;
                    break;
                }

                step /= 2;
            }

            if (step < MinStep)
                break;
        }

        return new PlattScaling(a, b);
    }

    private static double Loss(
        ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, double a, double b, double highTarget, double lowTarget)
    {
        double loss = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = (a * scores[i]) + b;
            double t = labels[i] ? highTarget : lowTarget;

            // t·log(1+e^-z) + (1-t)·log(1+e^z), written so neither exponential overflows.
            double softplus = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            loss += softplus - (t * z);
        }

        return loss;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
