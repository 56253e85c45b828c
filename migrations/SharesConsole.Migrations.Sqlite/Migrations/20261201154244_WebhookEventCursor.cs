using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SharesConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WebhookEventCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClusterEventId",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CreatedAt",
                table: "WebhookDeliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "EventCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastEventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventCursors", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_WebhookId_ClusterEventId",
                table: "WebhookDeliveries",
                columns: new[] { "WebhookId", "ClusterEventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_WebhookId_Status_ClusterEventId",
                table: "WebhookDeliveries",
                columns: new[] { "WebhookId", "Status", "ClusterEventId" });

            // Deliveries made before this version retry from when they were last attempted.
            migrationBuilder.Sql(@"UPDATE ""WebhookDeliveries"" SET ""CreatedAt"" = ""At"";");

            // An upgraded database starts after its newest event (no flood of history); a new one starts at 0.
            migrationBuilder.Sql(@"INSERT INTO ""EventCursors"" (""Name"", ""LastEventId"") SELECT 'webhooks', COALESCE(MAX(""Id""), 0) FROM ""Events"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EventCursors");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_WebhookId_ClusterEventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_WebhookId_Status_ClusterEventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "ClusterEventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "WebhookDeliveries");
        }
    }
}
