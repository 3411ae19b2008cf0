declare module "sst" {
  export interface Resource {
    "Café": {
      "prix€": string
      "type": "sst.sst.Linkable"
    }
    Thé€: {
      "type": "sst.sst.Linkable"
    }
  }
}
