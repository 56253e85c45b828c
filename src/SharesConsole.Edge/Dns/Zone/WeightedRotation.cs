namespace SharesConsole.Edge.Dns.Zone;

/// <summary>
/// Chooses which member comes first in an answer. Equal weights rotate one step per query; unequal weights
/// walk the cumulative weights with a stride coprime to the total, which spreads a node's turns out
/// (2:1 gives A B A A B A ...) instead of handing out A A B runs, and stays exact over every cycle.
/// </summary>
internal static class WeightedRotation
{
    private const double GoldenFraction = 0.6180339887498949;

    public static int First(ReadOnlySpan<int> weights, ulong counter)
    {
        var total = 0;
        var equal = true;
        foreach (var weight in weights)
        {
            total += weight;
            equal &= weight == weights[0];
        }

        if (equal)
        {
            return (int)(counter % (ulong)weights.Length);
        }

        var stride = (ulong)Stride(total);
        var remaining = (int)(counter % (ulong)total * stride % (ulong)total);
        for (var i = 0; i < weights.Length; i++)
        {
            if (remaining < weights[i])
            {
                return i;
            }

            remaining -= weights[i];
        }

        return weights.Length - 1;
    }

    private static int Stride(int total)
    {
        var stride = Math.Max(1, (int)(total * GoldenFraction));
        while (Gcd(stride, total) != 1)
        {
            stride++;
        }

        return stride;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
