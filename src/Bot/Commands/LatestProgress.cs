using StoryBot.Core.Delivery;

namespace StoryBot.Bot.Commands;

/// <summary>Keeps the last progress of a delivery (for /cancel's summary) and passes it on (to a progress message).</summary>
public sealed class LatestProgress(IProgress<DeliveryProgress>? next) : IProgress<DeliveryProgress>
{
    private DeliveryProgress? _latest;

    public DeliveryProgress? Latest => Volatile.Read(ref _latest);

    public void Report(DeliveryProgress value)
    {
        Volatile.Write(ref _latest, value);
        next?.Report(value);
    }
}
