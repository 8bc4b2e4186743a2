using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Tests.OffPolicy;

/// <summary>
/// Four decisions over two actions, small enough to compute every estimator by hand:
/// <code>
/// i  aᵢ  p0    rᵢ  π(A) q̂(A)  π(B) q̂(B)  wᵢ
/// 0  A   0.5   1   0.25 0.5   0.75 1     0.5
/// 1  B   0.25  3   0.5  1     0.5  2     2
/// 2  A   0.8   0   0.4  0     0.6  1     0.5
/// 3  B   0.5   2   0    1     1    1     2
/// </code>
/// IPS = (0.5 + 6 + 0 + 4) / 4 = 2.625; SNIPS = 10.5 / 5 = 2.1;
/// DM = (0.875 + 1.5 + 0.6 + 1) / 4 = 0.99375; DR = (1.125 + 3.5 + 0.6 + 3) / 4 = 2.05625; ESS = 5² / 8.5.
/// </summary>
internal static class TinyLog
{
    public static BanditLog Create() => new BanditLogBuilder()
        .Add("A", 0.5, 1, [new("A", 0.25, 0.5), new("B", 0.75, 1)])
        .Add("B", 0.25, 3, [new("A", 0.5, 1), new("B", 0.5, 2)])
        .Add("A", 0.8, 0, [new("A", 0.4, 0), new("B", 0.6, 1)])
        .Add("B", 0.5, 2, [new("A", 0, 1), new("B", 1, 1)])
        .Build();
}
