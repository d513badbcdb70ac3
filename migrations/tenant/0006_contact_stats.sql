-- The number of live contacts, kept by the writers in the same transactions as their changes (a
-- count(*) over a million rows is too slow for every page view; a trigger halved import speed), and the name words of the contact index (a prefix search expands through
-- them into exact terms: FTS5 prefix queries merge every posting list up front).
CREATE TABLE `contact_stats` (`id` integer PRIMARY KEY NOT NULL, `live` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `contact_stats` (`id`, `live`) SELECT 1, count(*) FROM `contacts` WHERE `deleted_at` IS NULL;
--> statement-breakpoint
CREATE TABLE `contact_terms` (`term` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
