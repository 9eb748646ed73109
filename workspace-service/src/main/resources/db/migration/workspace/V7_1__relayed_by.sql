-- The compute element (its host DN) that relayed the owner's Create, for workspaces a trusted CE
-- made for a grid user; null for those the owner created directly. Numbered 7.1 so that it orders
-- after any version 7 however the branches adding migrations are combined.
ALTER TABLE workspace ADD COLUMN relayed_by VARCHAR(512) NULL;
