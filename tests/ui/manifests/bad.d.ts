declare module "sst" {
  export interface Resource {
    "MyBucket": { "name": string "type": "sst.aws.Bucket" }
  }
}
