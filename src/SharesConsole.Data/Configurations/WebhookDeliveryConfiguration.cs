using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryEntity> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Error).HasMaxLength(ColumnSizes.Text);
        builder.Property(d => d.Kind).HasMaxLength(ColumnSizes.Name);
        builder.Property(d => d.Status).HasMaxLength(ColumnSizes.Enum).IsRequired();
        builder.HasIndex(d => new { d.WebhookId, d.EventId, d.Attempt }).IsUnique();
        builder.HasIndex(d => new { d.WebhookId, d.ClusterEventId }).IsUnique();
        builder.HasIndex(d => new { d.WebhookId, d.Status, d.ClusterEventId });
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => d.At);
    }
}
