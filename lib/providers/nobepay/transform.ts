/** NobePay wire → normalized (pure). Split in two files to stay readable. */
export * from "@/lib/providers/nobepay/transform-cards";
export * from "@/lib/providers/nobepay/transform-ledger";
