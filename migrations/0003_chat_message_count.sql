-- How many distinct chat messages each viewer sent (EventSub channel.chat.message, deduplicated by
-- message id): lets "recorded once even when delivered twice" be checked, and later weights by activity.
alter table chat_activity add column message_count integer not null default 0;
