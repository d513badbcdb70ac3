-- The number of live contacts, kept exact by triggers (a count(*) over a million rows is too slow
-- for every page view), and the name words of the contact index (a prefix search expands through
-- them into exact terms: FTS5 prefix queries merge every posting list up front).
CREATE TABLE `contact_stats` (`id` integer PRIMARY KEY NOT NULL, `live` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `contact_stats` (`id`, `live`) SELECT 1, count(*) FROM `contacts` WHERE `deleted_at` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `contact_stats_insert` AFTER INSERT ON `contacts` WHEN NEW.deleted_at IS NULL BEGIN UPDATE `contact_stats` SET `live` = `live` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `contact_stats_delete` AFTER DELETE ON `contacts` WHEN OLD.deleted_at IS NULL BEGIN UPDATE `contact_stats` SET `live` = `live` - 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `contact_stats_soft_delete` AFTER UPDATE OF `deleted_at` ON `contacts` WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) BEGIN UPDATE `contact_stats` SET `live` = `live` + (CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END) WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TABLE `contact_terms` (`term` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
