-- The notice policy is applied to every open notice after it is saved (due dates recomputed,
-- later ones included). The save bumps `policy_revision` in the same write as the policy; a
-- finished apply sets `applied_policy_revision` to the revision it applied, only while that is
-- still the saved one. Behind: a save whose apply failed or was cut short; the reconcile job
-- applies it. Existing rows start applied (the saves before this migration applied at once).
ALTER TABLE "estate_settings" ADD COLUMN "policy_revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estate_settings" ADD COLUMN "applied_policy_revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "estate_settings" ADD CONSTRAINT "estate_settings_applied_policy_revision" CHECK ("applied_policy_revision" <= "policy_revision");
